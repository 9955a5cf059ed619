package com.paynotify.notification;

import com.paynotify.InvalidRequestException;
import com.paynotify.channel.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The statistics use case: totals by status, success rate and attempt latency over a range, a time
 * series over the same range with empty buckets filled in, and the backlog now. Totals cover {@code
 * [from, to)} (all time when unset); the series the same range, by default the {@link
 * #DEFAULT_SERIES_RANGE} before {@code to} (now when unset).
 */
public final class Reports {
  /** The longest series answered; a finer bucket over a longer range is refused. */
  public static final int MAX_POINTS = 1500;

  public static final Duration DEFAULT_SERIES_RANGE = Duration.ofHours(24);

  private final NotificationReports store;
  private final InstantSource clock;

  public Reports(NotificationReports store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The width of one point of a series, written {@code 1m}, {@code 1h} or {@code 1d}. */
  public enum Bucket {
    MINUTE("1m", Duration.ofMinutes(1)),
    HOUR("1h", Duration.ofHours(1)),
    DAY("1d", Duration.ofDays(1));

    private final String label;
    private final Duration size;

    Bucket(String label, Duration size) {
      this.label = label;
      this.size = size;
    }

    /**
     * @throws InvalidRequestException naming {@code bucket} when the label is none of 1m, 1h, 1d
     */
    public static Bucket of(String label) {
      for (var bucket : values()) {
        if (bucket.label.equals(label.strip())) {
          return bucket;
        }
      }
      throw InvalidRequestException.invalid(
          "bucket", InvalidRequestException.echo(label) + " is not one of 1m, 1h, 1d");
    }

    public String label() {
      return label;
    }

    public Duration size() {
      return size;
    }

    /** About a hundred to a few hundred points for the ranges an operator looks at. */
    static Bucket fitting(Duration range) {
      if (range.compareTo(Duration.ofHours(6)) <= 0) {
        return MINUTE;
      }
      return range.compareTo(Duration.ofDays(14)) <= 0 ? HOUR : DAY;
    }

    private Instant floor(Instant instant) {
      long seconds = size.toSeconds();
      return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }
  }

  /**
   * What a report covers; null fields do not narrow it.
   *
   * @param bucket the series' width; chosen to fit the range when null
   */
  public record Scope(
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Bucket bucket) {}

  /**
   * One report.
   *
   * @param backlog the whole node's, whatever the scope
   * @param at when the backlog was read
   */
  public record Report(Stats totals, Series series, Backlog backlog, Instant at) {}

  /**
   * Points from {@code from} (aligned down to the bucket, UTC) to {@code to}, empty ones included.
   */
  public record Series(Bucket bucket, Instant from, Instant to, List<StatsBucket> points) {}

  /**
   * The report of a scope.
   *
   * <p>Before the store's {@link NotificationReports#minutePrecisionSince()}, statistics are kept
   * per UTC hour only: the store rounds range edges older than it out to their whole hours, a
   * series left to choose its bucket takes {@code 1h} instead of {@code 1m} there, and one asking
   * for {@code 1m} is refused.
   *
   * @throws InvalidRequestException naming {@code to} or {@code from} for an empty range, or {@code
   *     bucket} for one that would make more than {@value #MAX_POINTS} points, or for {@code 1m}
   *     over a range starting before the minute statistics kept
   */
  public Report report(Scope scope) {
    var from = scope.from();
    var to = scope.to();
    if (from != null && to != null && !from.isBefore(to)) {
      throw InvalidRequestException.invalid(
          "to", InvalidRequestException.echo(to) + " must be after from (" + from + ")");
    }
    var now = clock.instant();
    var seriesTo = to != null ? to : now;
    var seriesFrom = from != null ? from : seriesTo.minus(DEFAULT_SERIES_RANGE);
    if (!seriesFrom.isBefore(seriesTo)) {
      throw InvalidRequestException.invalid(
          "from", InvalidRequestException.echo(from) + " must be before to (" + seriesTo + ")");
    }
    var range = Duration.between(seriesFrom, seriesTo);
    var bucket = scope.bucket() != null ? scope.bucket() : Bucket.fitting(range);
    var minutesSince = store.minutePrecisionSince();
    if (bucket == Bucket.MINUTE && minutesSince != null && seriesFrom.isBefore(minutesSince)) {
      if (scope.bucket() != null) {
        throw InvalidRequestException.invalid(
            "bucket",
            "'1m' needs minute statistics, which are kept from "
                + minutesSince
                + " on; from ("
                + seriesFrom
                + ") is older: choose 1h or 1d, or a later from");
      }
      bucket = Bucket.HOUR; // older statistics are kept per hour only
    }
    var first = bucket.floor(seriesFrom);
    long size = bucket.size().toSeconds();
    long points = (Duration.between(first, seriesTo).toSeconds() + size - 1) / size;
    if (points > MAX_POINTS) {
      throw InvalidRequestException.invalid(
          "bucket",
          "'"
              + bucket.label()
              + "' over "
              + range
              + " makes "
              + points
              + " points, more than "
              + MAX_POINTS
              + "; choose a larger bucket or a shorter range");
    }
    var totals = store.stats(scope.merchantId(), scope.channel(), from, to);
    var series = series(scope, bucket, first, seriesTo);
    return new Report(totals, series, store.backlog(now), now);
  }

  private Series series(Scope scope, Bucket bucket, Instant first, Instant to) {
    var counted =
        store.series(scope.merchantId(), scope.channel(), first, to, bucket.size()).stream()
            .collect(Collectors.toMap(StatsBucket::start, Function.identity()));
    var points = new ArrayList<StatsBucket>();
    for (var start = first; start.isBefore(to); start = start.plus(bucket.size())) {
      points.add(counted.getOrDefault(start, StatsBucket.empty(start)));
    }
    return new Series(bucket, first, to, points);
  }
}
