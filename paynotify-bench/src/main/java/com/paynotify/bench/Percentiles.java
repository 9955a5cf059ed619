package com.paynotify.bench;

import java.time.Duration;
import java.util.List;

/** Nearest-rank percentiles of a list of durations. */
final class Percentiles {
  private Percentiles() {}

  /** The {@code p}-th percentile (0 < p <= 100) by nearest rank. */
  static Duration of(List<Duration> values, double p) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values: no samples");
    }
    var sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
