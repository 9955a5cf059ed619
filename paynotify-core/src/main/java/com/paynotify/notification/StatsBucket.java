package com.paynotify.notification;

import java.time.Instant;

/**
 * One interval of a statistics time series: what happened in {@code [start, start + bucket)}.
 * Notifications are counted when created and when they ended; attempts when they started.
 */
public record StatsBucket(
    Instant start, long created, long succeeded, long failed, long abandoned, long attempts) {

  public static StatsBucket empty(Instant start) {
    return new StatsBucket(start, 0, 0, 0, 0, 0);
  }
}
