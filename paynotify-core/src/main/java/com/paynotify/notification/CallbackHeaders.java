package com.paynotify.notification;

import com.paynotify.InvalidRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The HTTP headers a merchant's gateway expects on every callback (an {@code Authorization}, a
 * routing key), given per merchant or per notification and added to what the channel's wire format
 * sends. The checks here keep them from splitting a request or overriding what HTTP and the wire
 * formats own.
 */
public final class CallbackHeaders {
  /** The most headers one merchant or one notification may add. */
  public static final int MAX_HEADERS = 10;

  /** Longer than any header name in use. */
  public static final int MAX_NAME_LENGTH = 64;

  /** Room for a bearer JWT; every attempt records the headers, so they stay bounded. */
  public static final int MAX_VALUE_LENGTH = 2048;

  /** What a merchant default header's value is shown as: never its value. */
  public static final String REDACTED = "redacted";

  /**
   * Names HTTP or the transport set themselves, compared ignoring case: a caller's value would
   * break the framing ({@code Content-Length}, {@code Transfer-Encoding}), the connection handling,
   * or say who sent the request ({@code User-Agent}, always Paynotify's).
   */
  public static final Set<String> RESERVED_NAMES =
      Set.of(
          "host",
          "connection",
          "keep-alive",
          "proxy-connection",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "expect",
          "accept-encoding",
          "user-agent");

  /**
   * Prefixes, compared ignoring case, of the names the wire formats and HTTP own: {@code Content-*}
   * (the body's type, length and encoding), {@code Webhook-*} (the WEBHOOK signature), {@code
   * Wechatpay-*} (the WeChat Pay v3 signature) and {@code Proxy-*}.
   */
  public static final List<String> RESERVED_PREFIXES =
      List.of("content-", "webhook-", "wechatpay-", "proxy-");

  private CallbackHeaders() {}

  /**
   * The headers, checked, in the order given: at most {@value #MAX_HEADERS}, each name an HTTP
   * token not reserved and not given twice in any case, each value printable ASCII (no CR or LF) of
   * at most {@value #MAX_VALUE_LENGTH} characters, stripped. A value is never repeated in an error,
   * as a merchant's may be a secret.
   *
   * @param field the request field the headers came in, named by any error
   * @throws InvalidRequestException naming {@code field} and the header at fault
   */
  public static Map<String, String> check(String field, Map<String, String> headers) {
    if (headers.size() > MAX_HEADERS) {
      throw InvalidRequestException.invalid(
          field, "at most " + MAX_HEADERS + " headers, got " + headers.size());
    }
    var checked = new LinkedHashMap<String, String>();
    var seen = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
    for (var entry : headers.entrySet()) {
      var name = entry.getKey();
      if (name == null || name.isEmpty()) {
        throw InvalidRequestException.invalid(field, "a header name is empty");
      }
      if (name.length() > MAX_NAME_LENGTH || !isToken(name)) {
        throw InvalidRequestException.invalid(
            field,
            InvalidRequestException.echo(name)
                + " is not a header name: at most "
                + MAX_NAME_LENGTH
                + " letters, digits and !#$%&'*+-.^_`|~");
      }
      if (isReserved(name)) {
        throw InvalidRequestException.invalid(
            field,
            InvalidRequestException.echo(name)
                + " is set by HTTP or the channel's wire format and cannot be given");
      }
      var earlier = seen.put(name, name);
      if (earlier != null) {
        throw InvalidRequestException.invalid(
            field,
            InvalidRequestException.echo(name)
                + " is given twice (as "
                + InvalidRequestException.echo(earlier)
                + ")");
      }
      checked.put(name, value(field, name, entry.getValue()));
    }
    return Collections.unmodifiableMap(checked);
  }

  /** Whether HTTP or a wire format owns the name. */
  public static boolean isReserved(String name) {
    var lower = name.toLowerCase(Locale.ROOT);
    return RESERVED_NAMES.contains(lower) || RESERVED_PREFIXES.stream().anyMatch(lower::startsWith);
  }

  /**
   * What a callback adds to its wire format's headers: the merchant's defaults, then the
   * notification's, which replace a default of the same name in any case.
   */
  public static Map<String, String> merged(
      Map<String, String> merchantDefaults, Map<String, String> own) {
    if (merchantDefaults.isEmpty()) {
      return own;
    }
    var merged = new LinkedHashMap<String, String>();
    merchantDefaults.forEach(
        (name, value) -> {
          if (own.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
            merged.put(name, value);
          }
        });
    merged.putAll(own);
    return merged;
  }

  /**
   * The merged headers as an attempt records and a preview shows them: a merchant default's value
   * is {@value #REDACTED}, the notification's own are as given.
   */
  public static Map<String, String> shown(
      Map<String, String> merchantDefaults, Map<String, String> own) {
    var shown = new LinkedHashMap<String, String>();
    merged(merchantDefaults, own)
        .forEach((name, value) -> shown.put(name, own.containsKey(name) ? value : REDACTED));
    return shown;
  }

  private static String value(String field, String name, String value) {
    if (value == null) {
      throw InvalidRequestException.invalid(
          field, "the value of " + InvalidRequestException.echo(name) + " is null");
    }
    var stripped = value.strip();
    if (stripped.isEmpty()) {
      throw InvalidRequestException.invalid(
          field, "the value of " + InvalidRequestException.echo(name) + " is empty");
    }
    if (stripped.length() > MAX_VALUE_LENGTH) {
      throw InvalidRequestException.invalid(
          field,
          "the value of "
              + InvalidRequestException.echo(name)
              + " is "
              + stripped.length()
              + " characters, at most "
              + MAX_VALUE_LENGTH
              + " allowed");
    }
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (c == '\r' || c == '\n') {
        throw InvalidRequestException.invalid(
            field,
            "the value of "
                + InvalidRequestException.echo(name)
                + " contains CR or LF, which would end the header");
      }
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw InvalidRequestException.invalid(
            field,
            "the value of " + InvalidRequestException.echo(name) + " must be printable ASCII");
      }
    }
    return stripped;
  }

  /** RFC 9110's token: the characters a field name may have. */
  private static boolean isToken(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
