package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.millis;
import static java.util.Objects.requireNonNull;

import com.paynotify.channel.Channel;
import com.paynotify.notification.LatencyBins;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Stats;
import com.paynotify.notification.StatsBucket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads statistics from the {@code stats_rollup} and {@code stats_rollup_hour} counters that {@link
 * RollupDeltas} keeps, so the cost grows with the hours in the range plus the minutes at its edges
 * (times the merchant and channel pairs active in them), never with the notifications or attempts
 * stored.
 *
 * <p>Edges: the counters are per whole UTC minute. {@link #stats} is exact for any {@code from} and
 * {@code to}: the whole minutes come from the counters and the partial minutes at either end from
 * the notifications created in them (a range scan of the {@code created_at} index, at most a
 * minute's worth each), except that a range ending about now takes its last minute from the
 * counters less the rows created since its end ({@link #lastMinute}). {@link #series} counts whole
 * minutes: a {@code from} or {@code to} inside a minute is widened to that minute's start or end
 * (the API aligns {@code from} to its bucket, and a {@code to} of now has nothing after it yet).
 *
 * <p>Purge: purging notifications leaves the counters alone, so the whole minutes keep counting
 * purged notifications and their attempts; only a partial edge minute older than the retention
 * would miss them. With a {@link JdbcStatsRetention}, minute rows are kept only from its {@link
 * JdbcStatsRetention#minutesSince()} on: {@link #stats}, and {@link #series} of buckets of whole
 * hours, round an edge before it out to its whole UTC hour ({@link JdbcStatsRetention#from}, {@link
 * JdbcStatsRetention#to}), so older ranges are answered at hour precision from the hour rows; a
 * series of shorter buckets counts only the minute rows still kept ({@link
 * com.paynotify.notification.Reports} refuses one that starts before it).
 */
final class RollupStats {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /**
   * How far before now a range's end still counts as "up to now", allowing for a client's clock and
   * the request's time in flight.
   */
  private static final Duration RECENT = Duration.ofSeconds(5);

  private final Dialect dialect;
  private final @Nullable JdbcStatsRetention retention;
  private final InstantSource clock;

  RollupStats(Dialect dialect, @Nullable JdbcStatsRetention retention, InstantSource clock) {
    this.dialect = dialect;
    this.retention = retention;
    this.clock = clock;
  }

  /** Where minute precision starts, or null when every minute row is kept. */
  @Nullable Instant minutesSince() {
    return retention == null ? null : retention.minutesSince();
  }

  /**
   * Totals over the notifications created in {@code [from, to)}: up to 4 statements for the whole
   * minutes (a sum of hour rows for the whole hours, one of minute rows for each edge's minutes,
   * all over a primary key or a {@code merchant_id, bucket_start} index, and a count of the
   * DELIVERING ones over {@code (status, created_at)}, which only in-flight rows match), plus 2 per
   * partial edge minute (4, over the few rows since its end, for one ending about now). Run in one
   * snapshot, so they add up.
   */
  Stats stats(
      Connection connection,
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant requestedFrom,
      @Nullable Instant requestedTo)
      throws SQLException {
    var since = minutesSince();
    var from = JdbcStatsRetention.from(requestedFrom, since);
    var to = JdbcStatsRetention.to(requestedTo, since);
    var totals = new Totals();
    var wholeFrom = from == null ? null : ceilMinute(millis(from));
    var wholeTo = to == null ? null : RollupDeltas.minuteOf(millis(to));
    if (wholeFrom != null && wholeTo != null && !wholeFrom.isBefore(wholeTo)) {
      scan(connection, totals, merchantId, channel, from, to);
    } else {
      if (from != null && millis(from).isBefore(wholeFrom)) {
        scan(connection, totals, merchantId, channel, from, wholeFrom);
      }
      counted(connection, totals, merchantId, channel, wholeFrom, wholeTo);
      if (to != null && wholeTo.isBefore(millis(to))) {
        lastMinute(connection, totals, merchantId, channel, wholeTo, millis(to));
      }
    }
    return totals.stats();
  }

  /**
   * Adds {@code [minute, to)}, the partial minute a range ends in. A range ending about now (a
   * dashboard's "up to now") would scan up to a minute of the busiest rows, so there it is the
   * minute's counters less the few rows created from {@code to} on, unless the longest attempt of
   * the minute may be one of those; any other end is scanned. Exact either way, except that a
   * notification purged within that very minute stays counted.
   */
  private void lastMinute(
      Connection connection,
      Totals totals,
      @Nullable String merchantId,
      @Nullable Channel channel,
      Instant minute,
      Instant to)
      throws SQLException {
    if (to.isBefore(clock.instant().minus(RECENT))) {
      scan(connection, totals, merchantId, channel, minute, to);
      return;
    }
    var whole = new Totals();
    counted(connection, whole, merchantId, channel, minute, minute.plus(MINUTE));
    var later = new Totals();
    scan(connection, later, merchantId, channel, to, minute.plus(MINUTE));
    if (later.attempts > 0 && later.maxMillis >= whole.maxMillis) {
      scan(connection, totals, merchantId, channel, minute, to);
      return;
    }
    totals.add(whole);
    totals.subtract(later);
  }

  /**
   * Counts per {@code bucket} (a whole number of minutes) over {@code [from, to)} widened to whole
   * minutes: one grouped sum over the minute rows, or, for buckets of whole hours, one over the
   * hour rows of the whole hours inside and one per edge over the minute rows. A bucket that is not
   * whole minutes is counted from the notifications and attempts themselves, as before the counters
   * existed.
   */
  List<StatsBucket> series(
      Connection connection,
      @Nullable String merchantId,
      @Nullable Channel channel,
      Instant from,
      Instant to,
      Duration bucket)
      throws SQLException {
    long seconds = bucket.toSeconds();
    if (seconds % 60 != 0) {
      return scannedSeries(connection, merchantId, channel, from, to, seconds);
    }
    var start = RollupDeltas.minuteOf(millis(from));
    var end = ceilMinute(millis(to));
    if (seconds % 3600 == 0) {
      var since = minutesSince();
      start = requireNonNull(JdbcStatsRetention.from(start, since));
      end = requireNonNull(JdbcStatsRetention.to(end, since));
    }
    var counted = new TreeMap<Instant, StatsBucket>();
    var hoursFrom = ceilHour(start);
    var hoursTo = RollupDeltas.hourOf(end);
    if (seconds % 3600 != 0 || !hoursFrom.isBefore(hoursTo)) {
      addSeries(counted, connection, RollupDeltas.TABLE, merchantId, channel, start, end, seconds);
    } else {
      // Buckets of whole hours take the whole hours inside from the hour rows.
      addSeries(
          counted, connection, RollupDeltas.TABLE, merchantId, channel, start, hoursFrom, seconds);
      addSeries(
          counted,
          connection,
          RollupDeltas.HOUR_TABLE,
          merchantId,
          channel,
          hoursFrom,
          hoursTo,
          seconds);
      addSeries(
          counted, connection, RollupDeltas.TABLE, merchantId, channel, hoursTo, end, seconds);
    }
    // A minute whose counts were all taken back (a retry undoing an ending) has nothing to count.
    return counted.values().stream()
        .filter(
            s ->
                s.created() != 0
                    || s.succeeded() != 0
                    || s.failed() != 0
                    || s.abandoned() != 0
                    || s.attempts() != 0)
        .toList();
  }

  /**
   * Adds the counter rows of {@code table} starting in {@code [from, to)}, grouped per bucket, to
   * {@code counted}.
   */
  private void addSeries(
      TreeMap<Instant, StatsBucket> counted,
      Connection connection,
      String table,
      @Nullable String merchantId,
      @Nullable Channel channel,
      Instant from,
      Instant to,
      long seconds)
      throws SQLException {
    if (!from.isBefore(to)) {
      return;
    }
    var where =
        new Where()
            .and("merchant_id = ?", merchantId)
            .and("channel = ?", channel == null ? null : channel.name())
            .and("bucket_start >= ?", from)
            .and("bucket_start < ?", to);
    var b = bucketOf("bucket_start", seconds);
    var rows =
        Jdbc.query(
            connection,
            "SELECT "
                + b
                + " AS b, SUM(created), SUM(succeeded), SUM(failed), SUM(abandoned), SUM(attempts)"
                + " FROM "
                + table
                + where.sql()
                + " GROUP BY "
                + b
                + " ORDER BY "
                + b,
            statement -> new Jdbc.Params(statement).all(where.values),
            row ->
                new StatsBucket(
                    Instant.ofEpochSecond(row.getLong(1)),
                    row.getLong(2),
                    row.getLong(3),
                    row.getLong(4),
                    row.getLong(5),
                    row.getLong(6)));
    for (var row : rows) {
      counted.merge(
          row.start(),
          row,
          (a, c) ->
              new StatsBucket(
                  a.start(),
                  a.created() + c.created(),
                  a.succeeded() + c.succeeded(),
                  a.failed() + c.failed(),
                  a.abandoned() + c.abandoned(),
                  a.attempts() + c.attempts()));
    }
  }

  /**
   * Adds the counter rows of {@code table} whose start is in {@code [from, to)} (null: unbounded).
   */
  private static void summed(
      Connection connection,
      Totals totals,
      String table,
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to)
      throws SQLException {
    var where =
        new Where()
            .and("bucket_start >= ?", from)
            .and("bucket_start < ?", to)
            .and("merchant_id = ?", merchantId)
            .and("channel = ?", channel == null ? null : channel.name());
    var bins = new StringBuilder();
    for (int bin = 0; bin < LatencyBins.COUNT; bin++) {
      bins.append(", SUM(").append(RollupDeltas.binColumn(bin)).append(')');
    }
    Jdbc.queryOne(
        connection,
        "SELECT SUM(created), SUM(cohort_succeeded), SUM(cohort_failed), SUM(cohort_abandoned), SUM(cohort_attempts),"
            + " SUM(cohort_attempt_ms), MAX(cohort_attempt_max_ms)"
            + bins
            + " FROM "
            + table
            + where.sql(),
        statement -> new Jdbc.Params(statement).all(where.values),
        row -> {
          long created = row.getLong(1);
          long succeeded = row.getLong(2);
          long failed = row.getLong(3);
          long abandoned = row.getLong(4);
          totals.add(NotificationStatus.SUCCEEDED, succeeded);
          totals.add(NotificationStatus.FAILED, failed);
          totals.add(NotificationStatus.ABANDONED, abandoned);
          totals.add(NotificationStatus.PENDING, created - succeeded - failed - abandoned);
          totals.attempts += row.getLong(5);
          totals.attemptMillis += row.getLong(6);
          totals.maxMillis = Math.max(totals.maxMillis, row.getLong(7));
          for (int bin = 0; bin < LatencyBins.COUNT; bin++) {
            totals.bins[bin] += row.getLong(8 + bin);
          }
          return created;
        });
  }

  /**
   * Adds the whole minutes {@code [from, to)} (null: unbounded) from the counters: the whole hours
   * inside from the hour rows, the minutes before the first and after the last from the minute
   * rows.
   */
  private void counted(
      Connection connection,
      Totals totals,
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to)
      throws SQLException {
    var hoursFrom = from == null ? null : ceilHour(from);
    var hoursTo = to == null ? null : RollupDeltas.hourOf(to);
    if (hoursFrom != null && hoursTo != null && !hoursFrom.isBefore(hoursTo)) {
      summed(connection, totals, RollupDeltas.TABLE, merchantId, channel, from, to);
    } else {
      if (from != null && from.isBefore(hoursFrom)) {
        summed(connection, totals, RollupDeltas.TABLE, merchantId, channel, from, hoursFrom);
      }
      summed(connection, totals, RollupDeltas.HOUR_TABLE, merchantId, channel, hoursFrom, hoursTo);
      if (to != null && hoursTo.isBefore(to)) {
        summed(connection, totals, RollupDeltas.TABLE, merchantId, channel, hoursTo, to);
      }
    }
    // The active ones are created minus ended; of those, the few in flight are counted from the
    // rows, and the rest are waiting.
    var active =
        new Where()
            .and("created_at >= ?", from)
            .and("created_at < ?", to)
            .and("merchant_id = ?", merchantId)
            .and("channel = ?", channel == null ? null : channel.name());
    long delivering =
        Jdbc.queryLong(
            connection,
            "SELECT COUNT(*) FROM notification WHERE status = 'DELIVERING'"
                + active.sql().replace(" WHERE ", " AND "),
            statement -> new Jdbc.Params(statement).all(active.values));
    totals.add(NotificationStatus.DELIVERING, delivering);
    totals.add(NotificationStatus.PENDING, -delivering);
  }

  /** Adds the notifications created in {@code [from, to)}, a partial minute, from the rows. */
  private static void scan(
      Connection connection,
      Totals totals,
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to)
      throws SQLException {
    var where =
        new Where()
            .and("n.merchant_id = ?", merchantId)
            .and("n.channel = ?", channel == null ? null : channel.name())
            .and("n.created_at >= ?", from)
            .and("n.created_at < ?", to);
    Jdbc.query(
        connection,
        "SELECT n.status, COUNT(*) FROM notification n" + where.sql() + " GROUP BY n.status",
        statement -> new Jdbc.Params(statement).all(where.values),
        row -> {
          totals.add(NotificationStatus.valueOf(row.getString(1)), row.getLong(2));
          return null;
        });
    Jdbc.query(
        connection,
        attemptDurations(where.sql()),
        statement -> new Jdbc.Params(statement).all(where.values),
        row -> {
          long millis = Math.max(0, row.getLong(1));
          long count = row.getLong(2);
          totals.attempts += count;
          totals.attemptMillis += millis * count;
          totals.maxMillis = Math.max(totals.maxMillis, millis);
          totals.bins[LatencyBins.binOf(millis)] += count;
          return null;
        });
  }

  /**
   * The attempts' durations, counted, of the notifications {@code where} (on {@code n}) selects. As
   * a join, H2 reads every attempt and looks its notification up; this way it reads the
   * notifications first, then their attempts over the attempt's index.
   */
  static String attemptDurations(String where) {
    return "SELECT a.duration_ms, COUNT(*) FROM attempt a WHERE a.notification_id IN"
        + " (SELECT n.id FROM notification n"
        + where
        + ") GROUP BY a.duration_ms";
  }

  /**
   * Three grouped scans: creations over {@code ix_notification_created}, endings over {@code
   * ix_notification_completed}, attempts by start time joined to their notification; only for a
   * bucket that is not a whole number of minutes, which the API never asks for.
   */
  private List<StatsBucket> scannedSeries(
      Connection connection,
      @Nullable String merchantId,
      @Nullable Channel channel,
      Instant from,
      Instant to,
      long seconds)
      throws SQLException {
    var buckets = new TreeMap<Long, long[]>();
    var created =
        new Where()
            .and("n.merchant_id = ?", merchantId)
            .and("n.channel = ?", channel == null ? null : channel.name())
            .and("n.created_at >= ?", from)
            .and("n.created_at < ?", to);
    countInto(
        buckets,
        0,
        connection,
        "SELECT "
            + bucketOf("n.created_at", seconds)
            + " AS b, NULL, COUNT(*) FROM notification n"
            + created.sql()
            + " GROUP BY "
            + bucketOf("n.created_at", seconds),
        created);
    var ended =
        new Where()
            .and("n.merchant_id = ?", merchantId)
            .and("n.channel = ?", channel == null ? null : channel.name())
            .and("n.completed_at >= ?", from)
            .and("n.completed_at < ?", to);
    ended.conditions.add("n.completed_at IS NOT NULL");
    countInto(
        buckets,
        -1,
        connection,
        "SELECT "
            + bucketOf("n.completed_at", seconds)
            + " AS b, n.status, COUNT(*) FROM notification n"
            + ended.sql()
            + " GROUP BY "
            + bucketOf("n.completed_at", seconds)
            + ", n.status",
        ended);
    var attempts =
        new Where()
            .and("n.merchant_id = ?", merchantId)
            .and("n.channel = ?", channel == null ? null : channel.name())
            .and("a.started_at >= ?", from)
            .and("a.started_at < ?", to);
    countInto(
        buckets,
        4,
        connection,
        "SELECT "
            + bucketOf("a.started_at", seconds)
            + " AS b, NULL, COUNT(*)"
            + " FROM attempt a JOIN notification n ON n.id = a.notification_id"
            + attempts.sql()
            + " GROUP BY "
            + bucketOf("a.started_at", seconds),
        attempts);
    var series = new ArrayList<StatsBucket>();
    buckets.forEach(
        (start, c) ->
            series.add(
                new StatsBucket(Instant.ofEpochSecond(start), c[0], c[1], c[2], c[3], c[4])));
    return series;
  }

  /**
   * Adds each row's count at {@code slot}, or, for slot -1, at the slot of the row's end status.
   */
  private static void countInto(
      TreeMap<Long, long[]> buckets, int slot, Connection connection, String sql, Where where)
      throws SQLException {
    var rows =
        Jdbc.query(
            connection,
            sql,
            statement -> new Jdbc.Params(statement).all(where.values),
            row -> new Object[] {row.getLong(1), row.getString(2), row.getLong(3)});
    for (var row : rows) {
      int at =
          slot >= 0
              ? slot
              : switch (NotificationStatus.valueOf((String) row[1])) {
                case SUCCEEDED -> 1;
                case FAILED -> 2;
                case ABANDONED -> 3;
                case PENDING, DELIVERING ->
                    throw new IllegalStateException("an active notification has completed_at");
              };
      buckets.computeIfAbsent((Long) row[0], b -> new long[5])[at] += (Long) row[2];
    }
  }

  /** The start of {@code column}'s bucket, in seconds from the epoch. */
  private String bucketOf(String column, long seconds) {
    return "(FLOOR(" + dialect.epochSeconds(column) + " / " + seconds + ") * " + seconds + ")";
  }

  private static Instant ceilHour(Instant instant) {
    var start = RollupDeltas.hourOf(instant);
    return start.equals(instant) ? start : start.plus(Duration.ofHours(1));
  }

  private static Instant ceilMinute(Instant instant) {
    var start = RollupDeltas.minuteOf(instant);
    return start.equals(instant) ? start : start.plus(MINUTE);
  }

  /** Running totals, turned into {@link Stats} at the end. */
  private static final class Totals {
    final EnumMap<NotificationStatus, Long> byStatus = new EnumMap<>(NotificationStatus.class);
    final long[] bins = new long[LatencyBins.COUNT];
    long attempts;
    long attemptMillis;
    long maxMillis;

    Totals() {
      for (var status : NotificationStatus.values()) {
        byStatus.put(status, 0L);
      }
    }

    void add(NotificationStatus status, long count) {
      byStatus.merge(status, count, Long::sum);
    }

    void add(Totals other) {
      combine(other, 1);
      maxMillis = Math.max(maxMillis, other.maxMillis);
    }

    /**
     * Takes {@code other}'s counts back; the maximum stays, so only subtract what does not hold it.
     */
    void subtract(Totals other) {
      combine(other, -1);
    }

    private void combine(Totals other, int sign) {
      other.byStatus.forEach((status, count) -> add(status, sign * count));
      for (int bin = 0; bin < bins.length; bin++) {
        bins[bin] += sign * other.bins[bin];
      }
      attempts += sign * other.attempts;
      attemptMillis += sign * other.attemptMillis;
    }

    Stats stats() {
      long succeeded = byStatus.get(NotificationStatus.SUCCEEDED);
      long ended =
          succeeded
              + byStatus.get(NotificationStatus.FAILED)
              + byStatus.get(NotificationStatus.ABANDONED);
      var max = Duration.ofMillis(maxMillis);
      return new Stats(
          byStatus,
          ended == 0 ? 0.0 : (double) succeeded / ended,
          attempts,
          attempts == 0 ? Duration.ZERO : Duration.ofMillis(attemptMillis).dividedBy(attempts),
          max,
          LatencyBins.percentiles(bins, max));
    }
  }

  /** Conditions for the criteria that are set, with their values in order. */
  private static final class Where {
    final List<String> conditions = new ArrayList<>();
    final List<Object> values = new ArrayList<>();

    Where and(String condition, @Nullable Object value) {
      if (value != null) {
        conditions.add(condition);
        values.add(value);
      }
      return this;
    }

    String sql() {
      return conditions.isEmpty()
          ? ""
          : conditions.stream().collect(Collectors.joining(" AND ", " WHERE ", ""));
    }
  }
}
