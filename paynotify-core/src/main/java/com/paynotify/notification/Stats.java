package com.paynotify.notification;

import java.time.Duration;
import java.util.Map;

/**
 * Totals over a set of notifications and their attempts.
 *
 * @param byStatus notifications per status; every status is present
 * @param successRate succeeded / (succeeded + failed + abandoned), 0 when none has ended
 * @param attemptPercentiles p50, p95 and p99 of the attempts' durations
 */
public record Stats(
    Map<NotificationStatus, Long> byStatus,
    double successRate,
    long attempts,
    Duration averageAttemptDuration,
    Duration maxAttemptDuration,
    Percentiles attemptPercentiles) {

  public Stats {
    byStatus = Map.copyOf(byStatus);
  }

  public long total() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }
}
