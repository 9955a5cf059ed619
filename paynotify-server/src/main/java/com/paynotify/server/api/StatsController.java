package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.channel.Channel;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Backlog;
import com.paynotify.notification.NotificationStore;
import com.paynotify.notification.StatsBucket;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/stats}: totals by status, success rate, attempt latency with percentiles, and a
 * time series per bucket. Totals cover {@code [from, to)} (all time when unset); the series covers
 * the same range, by default the 24 hours before {@code to} (now when unset). A token scoped to
 * merchants reads the stats of one of them; the backlog is the whole node's.
 */
@RestController
class StatsController {
  /** The longest series answered; a finer bucket over a longer range is refused. */
  static final int MAX_POINTS = 1500;
  static final Duration DEFAULT_SERIES_RANGE = Duration.ofHours(24);
  private static final Map<String, Duration> BUCKETS =
      Map.of("1m", Duration.ofMinutes(1), "1h", Duration.ofHours(1), "1d", Duration.ofDays(1));

  private final NotificationStore store;
  private final InstantSource clock;

  StatsController(NotificationStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  @GetMapping("/api/v1/stats")
  StatsView stats(
      @RequestParam(required = false) @Nullable String merchantId,
      @RequestParam(required = false) @Nullable String channel,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String bucket,
      HttpServletRequest http) {
    NotificationController.term("merchantId", merchantId);
    var merchant = CallerScope.of(http).statsMerchant(merchantId);
    var channelValue = NotificationController.parse("channel", channel, Channel.class);
    var fromValue = NotificationController.instant("from", from);
    var toValue = NotificationController.instant("to", to);
    if (fromValue != null && toValue != null && !fromValue.isBefore(toValue)) {
      throw InvalidRequestException.invalid("to", InvalidRequestException.echo(to) + " must be after from (" + fromValue + ")");
    }
    var seriesTo = toValue != null ? toValue : clock.instant();
    var seriesFrom = fromValue != null ? fromValue : seriesTo.minus(DEFAULT_SERIES_RANGE);
    if (!seriesFrom.isBefore(seriesTo)) {
      throw InvalidRequestException.invalid("from", InvalidRequestException.echo(from) + " must be before to (" + seriesTo + ")");
    }
    var range = Duration.between(seriesFrom, seriesTo);
    var bucketName = bucket == null || bucket.isBlank() ? defaultBucket(range) : bucket.strip();
    var size = BUCKETS.get(bucketName);
    if (size == null) {
      throw InvalidRequestException.invalid("bucket", InvalidRequestException.echo(bucket) + " is not one of 1m, 1h, 1d");
    }
    var first = floor(seriesFrom, size);
    long points = (Duration.between(first, seriesTo).toSeconds() + size.toSeconds() - 1) / size.toSeconds();
    if (points > MAX_POINTS) {
      throw InvalidRequestException.invalid(
          "bucket", "'" + bucketName + "' over " + range + " makes " + points + " points, more than " + MAX_POINTS
              + "; choose a larger bucket or a shorter range");
    }

    var stats = store.stats(merchant, channelValue, fromValue, toValue);
    var byStatus = new LinkedHashMap<String, Long>();
    for (var status : NotificationStatus.values()) {
      byStatus.put(status.name(), stats.byStatus().getOrDefault(status, 0L));
    }
    var percentiles = stats.attemptPercentiles();
    var latency = new LatencyView(
        stats.averageAttemptDuration().toMillis(), stats.maxAttemptDuration().toMillis(),
        percentiles.p50().toMillis(), percentiles.p95().toMillis(), percentiles.p99().toMillis());
    var counted = store.series(merchant, channelValue, first, seriesTo, size).stream()
        .collect(Collectors.toMap(StatsBucket::start, Function.identity()));
    var series = new ArrayList<PointView>();
    for (var start = first; start.isBefore(seriesTo); start = start.plus(size)) {
      var b = counted.getOrDefault(start, StatsBucket.empty(start));
      series.add(new PointView(start, b.created(), b.succeeded(), b.failed(), b.abandoned(), b.attempts()));
    }
    return new StatsView(
        stats.total(), byStatus, stats.successRate(), stats.attempts(), latency,
        new SeriesView(bucketName, first, seriesTo, series), BacklogView.of(store.backlog(clock.instant()), clock.instant()));
  }

  /** About a hundred to a few hundred points for the ranges an operator looks at. */
  private static String defaultBucket(Duration range) {
    if (range.compareTo(Duration.ofHours(6)) <= 0) {
      return "1m";
    }
    return range.compareTo(Duration.ofDays(14)) <= 0 ? "1h" : "1d";
  }

  private static Instant floor(Instant instant, Duration size) {
    long seconds = size.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
  }

  /**
   * The stats answer.
   *
   * @param byStatus every status, zero when none
   * @param successRate SUCCEEDED / (SUCCEEDED + FAILED + ABANDONED), 0 when none has ended
   */
  record StatsView(
      long total,
      Map<String, Long> byStatus,
      double successRate,
      long attempts,
      LatencyView attemptLatency,
      SeriesView series,
      BacklogView backlog) {}

  /**
   * The work waiting now, across all merchants and channels.
   *
   * @param oldestDueAgeSeconds how long the longest-waiting due notification has waited; null when none is due
   */
  record BacklogView(long dueNow, long scheduled, long delivering, @Nullable Long oldestDueAgeSeconds) {
    static BacklogView of(Backlog backlog, Instant now) {
      var oldest = backlog.oldestDueAt();
      return new BacklogView(backlog.due(), backlog.scheduled(), backlog.delivering(),
          oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds()));
    }
  }

  /** Attempt durations in milliseconds; percentiles by nearest rank, within 12.5% (see LatencyBins). */
  record LatencyView(long averageMs, long maxMs, long p50Ms, long p95Ms, long p99Ms) {}

  /** Points from {@code from} (aligned down to the bucket, UTC) to {@code to}, empty ones included. */
  record SeriesView(String bucket, Instant from, Instant to, List<PointView> points) {}

  /** One bucket: notifications created, ended by status, and attempts started in it. */
  record PointView(Instant start, long created, long succeeded, long failed, long abandoned, long attempts) {}
}
