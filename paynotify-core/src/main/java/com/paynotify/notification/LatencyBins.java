package com.paynotify.notification;

import java.time.Duration;

/**
 * Fixed, log-spaced bins for attempt durations, so latency percentiles can be kept as counters (one
 * per bin) and added up across stores, buckets and merchants. Durations of 0 to 7 ms each have a
 * bin of their own; from 8 ms on, every doubling ({@code [2^k, 2^(k+1))}) is split into 4 equal
 * bins, up to {@link #OVERFLOW_MILLIS}; longer durations share one last bin.
 *
 * <p>Error bound: a percentile read from the bins ({@link #percentiles}) is the middle of the bin
 * holding the exact nearest-rank value {@code v}, capped at the largest duration seen, so it is
 * within {@code v / 8} (12.5%) of {@code v}, and exact below 8 ms. Only when {@code v} is at least
 * {@link #OVERFLOW_MILLIS} is the largest duration seen reported instead.
 */
public final class LatencyBins {
  /** Durations below this many milliseconds have a bin of their own. */
  private static final int EXACT = 8;

  /** Bins per doubling of the duration. */
  private static final int PER_DOUBLING = 4;

  /** The first duration, in milliseconds, of the last, open-ended bin (about 131 s). */
  public static final long OVERFLOW_MILLIS = 1L << 17;

  /** How many bins there are, the last one open-ended; bins are numbered from 0. */
  public static final int COUNT = EXACT + (17 - 3) * PER_DOUBLING + 1;

  private LatencyBins() {}

  /** The bin of a duration of {@code millis}; negative durations count as 0. */
  public static int binOf(long millis) {
    if (millis < EXACT) {
      return (int) Math.max(0, millis);
    }
    if (millis >= OVERFLOW_MILLIS) {
      return COUNT - 1;
    }
    int k = 63 - Long.numberOfLeadingZeros(millis); // 2^k <= millis < 2^(k+1), k >= 3
    int sub = (int) ((millis >> (k - 2)) & (PER_DOUBLING - 1));
    return EXACT + (k - 3) * PER_DOUBLING + sub;
  }

  /** The smallest duration, in milliseconds, of {@code bin}. */
  public static long lowerMillis(int bin) {
    check(bin);
    if (bin < EXACT) {
      return bin;
    }
    if (bin == COUNT - 1) {
      return OVERFLOW_MILLIS;
    }
    int k = 3 + (bin - EXACT) / PER_DOUBLING;
    int sub = (bin - EXACT) % PER_DOUBLING;
    return (1L << k) + sub * (1L << (k - 2));
  }

  /** The first duration, in milliseconds, past {@code bin}; {@code Long.MAX_VALUE} for the last. */
  public static long upperMillis(int bin) {
    check(bin);
    if (bin < EXACT) {
      return bin + 1;
    }
    if (bin == COUNT - 1) {
      return Long.MAX_VALUE;
    }
    int k = 3 + (bin - EXACT) / PER_DOUBLING;
    return lowerMillis(bin) + (1L << (k - 2));
  }

  /**
   * The p50, p95 and p99 of the durations counted in {@code counts} (one count per bin, {@link
   * #COUNT} of them), by nearest rank, each reported as the middle of its bin, capped at {@code
   * max}, the largest duration counted. {@link Percentiles#NONE} when nothing is counted.
   */
  public static Percentiles percentiles(long[] counts, Duration max) {
    if (counts.length != COUNT) {
      throw new IllegalArgumentException("counts: " + counts.length + " bins, expected " + COUNT);
    }
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    if (total == 0) {
      return Percentiles.NONE;
    }
    return new Percentiles(
        rank(counts, total, 50, max), rank(counts, total, 95, max), rank(counts, total, 99, max));
  }

  private static Duration rank(long[] counts, long total, int percent, Duration max) {
    // Nearest rank, as Percentiles.of: the ceil(p/100 * n)-th smallest value, 1-based.
    long rank = Math.max(1, (total * percent + 99) / 100);
    long seen = 0;
    for (int bin = 0; bin < COUNT; bin++) {
      seen += counts[bin];
      if (seen >= rank) {
        if (bin == COUNT - 1) {
          return max;
        }
        long middle = (lowerMillis(bin) + upperMillis(bin) - 1) / 2;
        return Duration.ofMillis(Math.min(middle, max.toMillis()));
      }
    }
    return max;
  }

  private static void check(int bin) {
    if (bin < 0 || bin >= COUNT) {
      throw new IllegalArgumentException("bin: " + bin + " is not between 0 and " + (COUNT - 1));
    }
  }
}
