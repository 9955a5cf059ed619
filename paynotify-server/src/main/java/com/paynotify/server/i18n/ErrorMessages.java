package com.paynotify.server.i18n;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * The phrases the server itself writes into error answers ({@code "message"}), in English from
 * {@code messages.properties} or in Chinese from {@code messages_zh_CN.properties}. The {@code
 * error} code and the {@code field} never change with the language. Arguments go in as text, so a
 * number is never regrouped by the locale.
 */
public final class ErrorMessages {
  private final MessageSource source;

  public ErrorMessages(MessageSource source) {
    this.source = source;
  }

  public String get(Locale locale, String key, Object... args) {
    return source.getMessage(key, args.length == 0 ? null : args, locale);
  }

  /** For filters, which run before Spring MVC has resolved the request's locale. */
  public String get(HttpServletRequest request, String key, Object... args) {
    return get(ApiLanguage.of(request), key, args);
  }

  /** The name of a kind of thing ("notification", "retry policy") in the language, or as given. */
  public String thing(Locale locale, String what) {
    return source.getMessage("thing." + what.replace(' ', '-'), null, what, locale);
  }
}
