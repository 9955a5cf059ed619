package com.paynotify.notification;

import java.time.Duration;
import java.util.Map;

/**
 * Totals over a set of notifications and their attempts.
 *
 * @param byStatus notifications per status; every status is present
 * @param successRate succeeded / (succeeded + failed + abandoned), 0 when none has ended
 */
public record Stats(
    Map<NotificationStatus, Long> byStatus,
    double successRate,
    long attempts,
    Duration averageAttemptDuration,
    Duration maxAttemptDuration) {

  public Stats {
    byStatus = Map.copyOf(byStatus);
  }

  public long total() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }
}
