package com.paynotify.alert;

import java.time.Duration;

/**
 * When alerts open.
 *
 * @param failureRate a merchant's share of failed attempts, in (0, 1], at or above which a {@link
 *     AlertKind#FAILURE_RATE} alert opens
 * @param failureRateWindow how far back a merchant's attempts count, at minute resolution
 * @param failureRateMinAttempts how many attempts the window needs before the rate counts
 * @param backlogAge how long the oldest due notification may wait before {@link
 *     AlertKind#BACKLOG_AGE} opens
 */
public record AlertRules(
    double failureRate,
    Duration failureRateWindow,
    int failureRateMinAttempts,
    Duration backlogAge) {
  public static final double DEFAULT_FAILURE_RATE = 0.5;
  public static final Duration DEFAULT_FAILURE_RATE_WINDOW = Duration.ofMinutes(15);
  public static final int DEFAULT_FAILURE_RATE_MIN_ATTEMPTS = 20;
  public static final Duration DEFAULT_BACKLOG_AGE = Duration.ofMinutes(5);

  public AlertRules {
    if (!(failureRate > 0 && failureRate <= 1)) {
      throw new IllegalArgumentException("failureRate: " + failureRate + " must be in (0, 1]");
    }
    if (failureRateWindow.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "failureRateWindow: " + failureRateWindow + " must be at least 1m");
    }
    if (failureRateMinAttempts < 1) {
      throw new IllegalArgumentException(
          "failureRateMinAttempts: " + failureRateMinAttempts + " must be at least 1");
    }
    if (backlogAge.isNegative() || backlogAge.isZero()) {
      throw new IllegalArgumentException("backlogAge: " + backlogAge + " must be positive");
    }
  }

  public static AlertRules defaults() {
    return new AlertRules(
        DEFAULT_FAILURE_RATE,
        DEFAULT_FAILURE_RATE_WINDOW,
        DEFAULT_FAILURE_RATE_MIN_ATTEMPTS,
        DEFAULT_BACKLOG_AGE);
  }
}
