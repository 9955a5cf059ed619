package com.paynotify.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP try of a notification, as recorded.
 *
 * @param number 1 for the first attempt
 * @param response the first {@value #MAX_RESPONSE_CHARS} characters of the merchant's answer
 * @param errorKind null when the attempt succeeded
 * @param requestHeaders the headers the attempt added to its wire format's ({@link
 *     CallbackHeaders}), a merchant default's value {@value CallbackHeaders#REDACTED}
 */
public record Attempt(
    String notificationId,
    int number,
    Instant startedAt,
    Duration duration,
    @Nullable Integer httpStatus,
    @Nullable String response,
    @Nullable ErrorKind errorKind,
    @Nullable String error,
    Map<String, String> requestHeaders) {
  public static final int MAX_RESPONSE_CHARS = 2048;

  public Attempt {
    requestHeaders = Map.copyOf(requestHeaders);
  }

  /** An attempt that added no headers. */
  public Attempt(
      String notificationId,
      int number,
      Instant startedAt,
      Duration duration,
      @Nullable Integer httpStatus,
      @Nullable String response,
      @Nullable ErrorKind errorKind,
      @Nullable String error) {
    this(
        notificationId,
        number,
        startedAt,
        duration,
        httpStatus,
        response,
        errorKind,
        error,
        Map.of());
  }

  public boolean succeeded() {
    return errorKind == null;
  }

  /** Cuts a response body to what is kept. */
  public static @Nullable String truncate(@Nullable String text) {
    return text == null || text.length() <= MAX_RESPONSE_CHARS
        ? text
        : text.substring(0, MAX_RESPONSE_CHARS);
  }
}
