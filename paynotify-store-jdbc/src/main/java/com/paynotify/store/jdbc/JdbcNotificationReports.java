package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.getInstant;
import static com.paynotify.store.jdbc.Jdbc.getRequiredInstant;

import com.paynotify.channel.Channel;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.Backlog;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationReports;
import com.paynotify.notification.Page;
import com.paynotify.notification.Stats;
import com.paynotify.notification.StatsBucket;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The notification reports on H2, PostgreSQL or MySQL/MariaDB, over the schema of {@link
 * JdbcSchema}: searches and attempts read from the rows {@link JdbcDeliveryQueue} writes, {@link
 * #stats} and {@link #series} from the statistics counters it keeps beside them ({@link
 * RollupStats}). Thread-safe; read-only.
 */
public final class JdbcNotificationReports implements NotificationReports {
  private final Jdbc jdbc;
  private final Dialect dialect;
  private final RollupStats rollupStats;

  /** Reports on {@code dataSource}, whose dialect is detected now, using one connection. */
  public JdbcNotificationReports(DataSource dataSource) {
    this(dataSource, Dialect.of(dataSource));
  }

  /** Reports on {@code dataSource} that keeps every minute of the statistics counters. */
  public JdbcNotificationReports(DataSource dataSource, Dialect dialect) {
    this(dataSource, dialect, null);
  }

  /**
   * Reports whose statistics keep minute precision only within {@code retention}'s window (null:
   * every minute kept), the one whose {@link JdbcStatsRetention#purge()} deletes the older minute
   * rows.
   */
  public JdbcNotificationReports(
      DataSource dataSource, Dialect dialect, @Nullable JdbcStatsRetention retention) {
    this.jdbc = new Jdbc(dataSource);
    this.dialect = dialect;
    this.rollupStats = new RollupStats(dialect, retention, InstantSource.system());
  }

  @Override
  public List<Attempt> findAttempts(String id) {
    return jdbc.withConnection(
        "find attempts",
        connection ->
            Jdbc.query(
                connection,
                """
        SELECT notification_id, number, started_at, duration_ms, http_status, response, error_kind, error, request_headers
        FROM attempt
        WHERE notification_id = ?
        ORDER BY number, id""",
                statement -> statement.setString(1, id),
                NotificationRows::readAttempt));
  }

  /**
   * {@inheritDoc}
   *
   * <p>2 statements: a count, which stops past {@link NotificationQuery#COUNT_LIMIT} matches, and
   * the page. Each filter starts an index ending in {@code (created_at, seq)}, so the page is a
   * backward range scan. With a {@code before} cursor, 1 more to read the cursor's position, and
   * the page starts there instead of skipping an OFFSET.
   */
  @Override
  public Page<Notification> search(NotificationQuery query) {
    var where =
        Filter.of(query.merchantId(), query.channel(), query.from(), query.to(), "")
            .and("order_no = ?", query.orderNo());
    if (query.status() != null) {
      // A literal (an enum's name), not a parameter: on PostgreSQL the status indexes leave
      // SUCCEEDED out, and only a literal lets a prepared statement's generic plan use them.
      where.always("status = '" + query.status().name() + "'");
    }
    if (query.retrying()) {
      // Literals too, for the same reason: the page is a backward scan of the status index over
      // PENDING rows alone, the few not yet tried skipped as it goes.
      where.always("status = 'PENDING' AND attempts > 0");
    }
    if (query.paymentId() != null) {
      // A payment has a handful of notifications: planners read their ids from the history's
      // (payment_id, notification_id) index first and fetch those rows by id.
      where.andAll(
          "id IN (SELECT c.notification_id FROM payment_change c WHERE c.payment_id = ? AND c.notification_id IS NOT NULL)",
          query.paymentId());
    }
    var merchantIds = query.merchantIds();
    if (merchantIds != null) {
      if (merchantIds.isEmpty()) {
        return new Page<>(List.of(), query.page(), query.size(), 0);
      }
      where.andAll(
          dialect.anyOf("merchant_id", merchantIds.size()),
          new Jdbc.AnyOf(dialect, merchantIds.stream().sorted().toList()));
    }
    var before = query.before();
    long offset = before != null ? 0 : (long) query.page() * query.size();
    return jdbc.withConnection(
        "search notifications",
        connection -> {
          long total =
              Jdbc.queryLong(
                  connection,
                  "SELECT COUNT(*) FROM (SELECT 1 FROM notification"
                      + where.sql()
                      + " LIMIT ?) counted",
                  statement ->
                      new Jdbc.Params(statement)
                          .all(where.values())
                          .bigint(NotificationQuery.COUNT_LIMIT + 1)); // LIMIT
          var page = where;
          if (before != null) {
            var cursor =
                Jdbc.queryOne(
                    connection,
                    "SELECT created_at, seq FROM notification WHERE id = ?",
                    statement -> statement.setString(1, before),
                    row -> new Cursor(getRequiredInstant(row, "created_at"), row.getLong("seq")));
            if (cursor.isEmpty()) {
              return new Page<>(List.of(), query.page(), query.size(), total);
            }
            // The first bound repeats the second as a plain range, which every planner can seek to.
            page =
                where
                    .copy()
                    .andAll(
                        "created_at <= ? AND (created_at < ? OR (created_at = ? AND seq < ?))",
                        cursor.get().createdAt(),
                        cursor.get().createdAt(),
                        cursor.get().createdAt(),
                        cursor.get().seq());
          }
          if (total <= offset) {
            return new Page<>(List.of(), query.page(), query.size(), total);
          }
          var keyset = page;
          var items =
              Jdbc.query(
                  connection,
                  "SELECT "
                      + NotificationRows.COLUMNS
                      + " FROM notification"
                      + keyset.sql()
                      + " ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?",
                  statement ->
                      new Jdbc.Params(statement)
                          .all(keyset.values())
                          .integer(query.size()) // LIMIT
                          .bigint(offset), // OFFSET
                  NotificationRows::read);
          return new Page<>(items, query.page(), query.size(), total);
        });
  }

  private record Cursor(Instant createdAt, long seq) {}

  /**
   * {@inheritDoc}
   *
   * <p>From the statistics counters, in one snapshot (REPEATABLE READ): see {@link RollupStats}.
   * Percentiles are read from {@link com.paynotify.notification.LatencyBins}, within 12.5%.
   */
  @Override
  public Stats stats(
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to) {
    return jdbc.inTransaction(
        "compute stats",
        Connection.TRANSACTION_REPEATABLE_READ,
        connection -> rollupStats.stats(connection, merchantId, channel, from, to));
  }

  /**
   * {@inheritDoc}
   *
   * <p>From the statistics counters, in whole minutes: see {@link RollupStats}. A bucket shorter
   * than an hour counts only the minute rows still kept, from {@link #minutePrecisionSince()} on.
   */
  @Override
  public List<StatsBucket> series(
      @Nullable String merchantId,
      @Nullable Channel channel,
      Instant from,
      Instant to,
      Duration bucket) {
    long seconds = bucket.toSeconds();
    if (seconds < 1 || !bucket.equals(Duration.ofSeconds(seconds))) {
      throw new IllegalArgumentException(
          "bucket: " + bucket + " must be a positive whole number of seconds");
    }
    return jdbc.withConnection(
        "compute a stats series",
        connection -> rollupStats.series(connection, merchantId, channel, from, to, bucket));
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@link JdbcStatsRetention#minutesSince()}, or null without a retention.
   */
  @Override
  public @Nullable Instant minutePrecisionSince() {
    return rollupStats.minutesSince();
  }

  /**
   * Four statements in one snapshot: the due and the in-flight ones counted by a range scan of
   * their partial indexes (as many as there is work to do now), the earliest due time, and the
   * PENDING counters ({@link PendingCount}) for the scheduled ones, however many wait.
   */
  @Override
  public Backlog backlog(Instant now) {
    return jdbc.inTransaction(
        "measure the backlog",
        Connection.TRANSACTION_REPEATABLE_READ,
        connection -> {
          long due =
              Jdbc.queryLong(
                  connection,
                  "SELECT COUNT(*) FROM " + dueRows(dialect),
                  statement -> new Jdbc.Params(statement).instant(now));
          long scheduled =
              Math.max(0, Jdbc.queryLong(connection, PendingCount.SUM, statement -> {}) - due);
          long delivering =
              Jdbc.queryLong(
                  connection,
                  "SELECT COUNT(*) FROM notification WHERE status = 'DELIVERING'",
                  statement -> {});
          var oldest =
              Jdbc.queryOne(
                  connection,
                  "SELECT MIN(due_at) AS oldest FROM " + dueRows(dialect),
                  statement -> new Jdbc.Params(statement).instant(now),
                  row -> Optional.ofNullable(getInstant(row, "oldest")));
          return new Backlog(due, scheduled, delivering, oldest.flatMap(o -> o).orElse(null));
        });
  }

  /**
   * The PENDING rows due by a bound instant, over the due index: a range of as many rows as are
   * due, not a scan of all that wait.
   */
  static String dueRows(Dialect dialect) {
    return dialect.through("notification", "ix_notification_due")
        + " WHERE due_at >= "
        + Dialect.BEFORE_ANY_DUE_TIME
        + " AND due_at <= ? AND status = 'PENDING'";
  }

  /** A WHERE clause built from the criteria that are set, with its values in order. */
  private record Filter(String prefix, List<String> conditions, List<Object> values) {

    static Filter of(
        @Nullable String merchantId,
        @Nullable Channel channel,
        @Nullable Instant from,
        @Nullable Instant to,
        String prefix) {
      return new Filter(prefix, new ArrayList<>(), new ArrayList<>())
          .and("merchant_id = ?", merchantId)
          .and("channel = ?", channel == null ? null : channel.name())
          .and("created_at >= ?", from)
          .and("created_at < ?", to);
    }

    /** Adds {@code condition} on a column of the prefixed table when {@code value} is not null. */
    Filter and(String condition, @Nullable Object value) {
      return andColumn(prefix + condition, value);
    }

    /** Adds {@code condition}, a fully qualified one, when {@code value} is not null. */
    Filter andColumn(String condition, @Nullable Object value) {
      if (value != null) {
        conditions.add(condition);
        values.add(value);
      }
      return this;
    }

    /** Adds {@code condition}, which carries no value of its own. */
    Filter always(String condition) {
      conditions.add(condition);
      return this;
    }

    Filter andAll(String condition, Object... values) {
      conditions.add(condition);
      values().addAll(List.of(values));
      return this;
    }

    Filter copy() {
      return new Filter(prefix, new ArrayList<>(conditions), new ArrayList<>(values));
    }

    String sql() {
      return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }
  }
}
