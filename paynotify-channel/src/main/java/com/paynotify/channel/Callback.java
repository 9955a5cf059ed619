package com.paynotify.channel;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One signed HTTP request body with its headers, ready to POST to a merchant. The body is bytes
 * because the signature covers exactly these bytes.
 */
public record Callback(String contentType, Map<String, String> headers, byte[] body) {

  public Callback {
    headers = Map.copyOf(headers);
  }

  /** Header names only: a header a merchant asked for may carry its gateway's secret. */
  @Override
  public String toString() {
    return "Callback[contentType="
        + contentType
        + ", headers="
        + headers.keySet()
        + ", body="
        + body.length
        + " bytes]";
  }

  /** The body as UTF-8 text, for display and logging of non-secret payloads. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
