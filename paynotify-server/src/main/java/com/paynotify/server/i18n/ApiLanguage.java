package com.paynotify.server.i18n;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The language of a request's answers, from its {@code Accept-Language}: Simplified Chinese when
 * the first acceptable language it names is any Chinese ({@code zh}, {@code zh-CN}, {@code
 * zh-Hans}, also {@code zh-TW}, whose readers read Simplified better than English), English
 * otherwise and when the header is absent or unreadable.
 */
public final class ApiLanguage implements LocaleResolver {
  public static final Locale ENGLISH = Locale.ENGLISH;
  public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

  /** A longer header is read up to its last whole entry before this; no one lists that many. */
  private static final int MAX_HEADER_CHARS = 256;

  public static Locale of(HttpServletRequest request) {
    return of(request.getHeader("Accept-Language"));
  }

  public static Locale of(@Nullable String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return ENGLISH;
    }
    var header = acceptLanguage;
    if (header.length() > MAX_HEADER_CHARS) {
      int comma = header.lastIndexOf(',', MAX_HEADER_CHARS);
      header = comma > 0 ? header.substring(0, comma) : header.substring(0, MAX_HEADER_CHARS);
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(header); // highest weight first
    } catch (IllegalArgumentException e) {
      return ENGLISH;
    }
    for (var range : ranges) {
      if (range.getWeight() == 0) {
        continue; // q=0: "not this one"
      }
      var tag = range.getRange();
      if (tag.equals("zh") || tag.startsWith("zh-")) {
        return CHINESE;
      }
      if (tag.equals("*") || tag.equals("en") || tag.startsWith("en-")) {
        return ENGLISH;
      }
    }
    return ENGLISH;
  }

  @Override
  public Locale resolveLocale(HttpServletRequest request) {
    return of(request);
  }

  @Override
  public void setLocale(
      HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
    throw new UnsupportedOperationException(
        "the language follows Accept-Language; the console sends its choice there");
  }
}
