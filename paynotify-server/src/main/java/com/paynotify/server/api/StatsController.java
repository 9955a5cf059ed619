package com.paynotify.server.api;

import com.paynotify.Paynotify;
import com.paynotify.channel.Channel;
import com.paynotify.notification.Backlog;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Reports;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/stats}: totals by status, success rate, attempt latency with percentiles, and a
 * time series per bucket. Totals cover {@code [from, to)} (all time when unset); the series covers
 * the same range, by default the 24 hours before {@code to} (now when unset). A token scoped to
 * merchants reads the stats of one of them; the backlog is the whole node's, and so are the broker
 * ingestion counts, which such a token is not shown.
 */
@RestController
class StatsController {
  /**
   * The meter the broker listeners count their messages on ({@code
   * com.paynotify.server.ingest.Ingestion}).
   */
  static final String INGEST_METER = "paynotify.ingest.messages";

  private final Reports reports;
  private final MeterRegistry meters;

  StatsController(Paynotify paynotify, MeterRegistry meters) {
    this.reports = paynotify.reports();
    this.meters = meters;
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
    var bucketValue = bucket == null || bucket.isBlank() ? null : Reports.Bucket.of(bucket);
    var report =
        reports.report(new Reports.Scope(merchant, channelValue, fromValue, toValue, bucketValue));
    var scope = CallerScope.of(http);
    return StatsView.of(report, scope.limited() ? Map.of() : ingest());
  }

  /** Each configured broker's counts on this node since it started, by source name. */
  private Map<String, IngestView> ingest() {
    var bySource = new TreeMap<String, long[]>();
    for (var counter : meters.find(INGEST_METER).counters()) {
      var source = counter.getId().getTag("source");
      var outcome = counter.getId().getTag("outcome");
      if (source == null || outcome == null) {
        continue;
      }
      var counts = bySource.computeIfAbsent(source, s -> new long[3]);
      switch (outcome) {
        case "created" -> counts[0] += (long) counter.count();
        case "existing" -> counts[1] += (long) counter.count();
        case "dead-lettered" -> counts[2] += (long) counter.count();
        default -> {}
      }
    }
    var views = new LinkedHashMap<String, IngestView>();
    bySource.forEach((source, c) -> views.put(source, new IngestView(c[0], c[1], c[2])));
    return views;
  }

  /**
   * The stats answer.
   *
   * @param byStatus every status, zero when none
   * @param successRate SUCCEEDED / (SUCCEEDED + FAILED + ABANDONED), 0 when none has ended
   * @param ingest the broker ingestion of this node since it started, by source ({@code kafka},
   *     {@code rabbitmq}); empty when none is configured, and for a token scoped to merchants
   */
  record StatsView(
      long total,
      Map<String, Long> byStatus,
      double successRate,
      long attempts,
      LatencyView attemptLatency,
      SeriesView series,
      BacklogView backlog,
      Map<String, IngestView> ingest) {

    static StatsView of(Reports.Report report, Map<String, IngestView> ingest) {
      var stats = report.totals();
      var byStatus = new LinkedHashMap<String, Long>();
      for (var status : NotificationStatus.values()) {
        byStatus.put(status.name(), stats.byStatus().getOrDefault(status, 0L));
      }
      var percentiles = stats.attemptPercentiles();
      var latency =
          new LatencyView(
              stats.averageAttemptDuration().toMillis(),
              stats.maxAttemptDuration().toMillis(),
              percentiles.p50().toMillis(),
              percentiles.p95().toMillis(),
              percentiles.p99().toMillis());
      var series = report.series();
      var points =
          series.points().stream()
              .map(
                  b ->
                      new PointView(
                          b.start(),
                          b.created(),
                          b.succeeded(),
                          b.failed(),
                          b.abandoned(),
                          b.attempts()))
              .toList();
      return new StatsView(
          stats.total(),
          byStatus,
          stats.successRate(),
          stats.attempts(),
          latency,
          new SeriesView(series.bucket().label(), series.from(), series.to(), points),
          BacklogView.of(report.backlog(), report.at()),
          ingest);
    }
  }

  /**
   * One broker's messages on this node since it started (not the stats' range).
   *
   * @param created messages that created a notification
   * @param existing repeats, answered with the notification an earlier delivery created
   * @param deadLettered messages that can never succeed, copied to the dead-letter topic or queue
   */
  record IngestView(long created, long existing, long deadLettered) {}

  /**
   * The work waiting now, across all merchants and channels.
   *
   * @param oldestDueAgeSeconds how long the longest-waiting due notification has waited; null when
   *     none is due
   */
  record BacklogView(
      long dueNow, long scheduled, long delivering, @Nullable Long oldestDueAgeSeconds) {
    static BacklogView of(Backlog backlog, Instant now) {
      var oldest = backlog.oldestDueAt();
      return new BacklogView(
          backlog.due(),
          backlog.scheduled(),
          backlog.delivering(),
          oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds()));
    }
  }

  /**
   * Attempt durations in milliseconds; percentiles by nearest rank, within 12.5% (see LatencyBins).
   */
  record LatencyView(long averageMs, long maxMs, long p50Ms, long p95Ms, long p99Ms) {}

  /**
   * Points from {@code from} (aligned down to the bucket, UTC) to {@code to}, empty ones included.
   */
  record SeriesView(String bucket, Instant from, Instant to, List<PointView> points) {}

  /** One bucket: notifications created, ended by status, and attempts started in it. */
  record PointView(
      Instant start, long created, long succeeded, long failed, long abandoned, long attempts) {}
}
