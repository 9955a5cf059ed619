package com.paynotify.notification;

import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Attempt latency percentiles by the nearest-rank method: p95 is the smallest duration at or below
 * which at least 95% of the attempts fall. All zero when there are no attempts.
 */
public record Percentiles(Duration p50, Duration p95, Duration p99) {
  public static final Percentiles NONE =
      new Percentiles(Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** Computes the percentiles from how many attempts took each whole number of milliseconds. */
  public static Percentiles of(NavigableMap<Long, Long> countByMillis) {
    long total = countByMillis.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return NONE;
    }
    return new Percentiles(
        rank(countByMillis, total, 50),
        rank(countByMillis, total, 95),
        rank(countByMillis, total, 99));
  }

  private static Duration rank(NavigableMap<Long, Long> countByMillis, long total, int percent) {
    // Nearest rank: the ceil(p/100 * n)-th smallest value, 1-based.
    long rank = Math.max(1, (total * percent + 99) / 100);
    long seen = 0;
    for (Map.Entry<Long, Long> entry : countByMillis.entrySet()) {
      seen += entry.getValue();
      if (seen >= rank) {
        return Duration.ofMillis(entry.getKey());
      }
    }
    return Duration.ofMillis(countByMillis.lastKey());
  }
}
