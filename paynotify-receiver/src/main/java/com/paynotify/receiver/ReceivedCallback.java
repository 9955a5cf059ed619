package com.paynotify.receiver;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One callback as it reached the merchant: its HTTP headers and the raw body bytes, which are what
 * the signature covers. Header names are matched case-insensitively.
 */
public record ReceivedCallback(Map<String, String> headers, byte[] body) {

  public ReceivedCallback {
    headers =
        headers.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
    body = body.clone();
  }

  /** The value of a header, whatever the case of its name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The raw body bytes (a copy). */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ReceivedCallback[headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
  }
}
