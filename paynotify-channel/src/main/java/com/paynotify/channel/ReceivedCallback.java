package com.paynotify.channel;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A callback as the merchant received it: the request headers, looked up case-insensitively, and
 * the raw body bytes, exactly as read from the request (the signature covers these bytes).
 */
public record ReceivedCallback(Map<String, String> headers, byte[] body) {

  public ReceivedCallback {
    var insensitive = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
    insensitive.putAll(headers);
    headers = java.util.Collections.unmodifiableMap(insensitive);
    body = body.clone();
  }

  /** The header's value, whatever the case of its name, or null when absent. */
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body's length in bytes, without copying it. */
  public int bodyLength() {
    return body.length;
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
