package com.paynotify.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Delivery totals as the server reports them: counts by status, the success rate, attempt
 * latencies, a time series, and the backlog waiting now.
 *
 * @param byStatus every notification status's count, zero included
 * @param successRate SUCCEEDED / (SUCCEEDED + FAILED + ABANDONED), 0 when none has ended
 */
public record Stats(
    long total,
    Map<String, Long> byStatus,
    double successRate,
    long attempts,
    Latency attemptLatency,
    Series series,
    Backlog backlog) {

  /** Attempt durations in milliseconds. */
  public record Latency(long averageMs, long maxMs, long p50Ms, long p95Ms, long p99Ms) {}

  /** Points from {@code from} to {@code to} in buckets, empty ones included. */
  public record Series(String bucket, Instant from, Instant to, List<Point> points) {}

  /** One bucket: notifications created, ended by status, and attempts started in it. */
  public record Point(
      Instant start, long created, long succeeded, long failed, long abandoned, long attempts) {}

  /** The work waiting now, across all merchants and channels. */
  public record Backlog(
      long dueNow, long scheduled, long delivering, @Nullable Long oldestDueAgeSeconds) {}
}
