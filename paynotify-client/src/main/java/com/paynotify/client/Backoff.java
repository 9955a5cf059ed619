package com.paynotify.client;

import java.time.Duration;

/**
 * How a call is retried after a 503 or a connection failure: at most {@code maxRetries} more tries,
 * the n-th after {@code initial × 2^(n-1)}, capped at {@code max}. Total tries = 1 + maxRetries. A
 * 503's {@code Retry-After} is honoured up to the cap.
 */
public record Backoff(int maxRetries, Duration initial, Duration max) {
  /** 3 retries after 200 ms, 400 ms and 800 ms. */
  public static final Backoff DEFAULT =
      new Backoff(3, Duration.ofMillis(200), Duration.ofSeconds(5));

  /** One try, no retry. */
  public static final Backoff NONE = new Backoff(0, Duration.ZERO, Duration.ZERO);

  public Backoff {
    if (maxRetries < 0 || maxRetries > 20) {
      throw new IllegalArgumentException("maxRetries: " + maxRetries + " must be between 0 and 20");
    }
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "initial: " + initial + " must be 0 or more and at most max " + max);
    }
  }

  /** The wait before retry {@code retry} (1 for the first retry), capped. */
  public Duration delay(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry: " + retry + " must be 1 or more");
    }
    var delay = initial.multipliedBy(1L << Math.min(retry - 1, 30));
    return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
  }
}
