package com.paynotify.store.jdbc;

import com.paynotify.notification.NotificationReports;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * How long the statistics keep minute precision: the minute counters ({@code stats_rollup}) are
 * kept for a window, the hour counters ({@code stats_rollup_hour}, about one row per hour per
 * merchant, channel and slot) for as long as the database lives. One object holds the rule for both
 * sides: {@link JdbcNotificationReports} answers at minute precision from {@link #minutesSince()}
 * on and rounds older range edges out to whole UTC hours, and {@link #purge()} deletes only minute
 * rows that started more than an hour before it, so a read that began before a purge still finds
 * every minute row it reads.
 */
public final class JdbcStatsRetention {
  /** A week: every range of the last 7 days is answered to the minute. */
  public static final Duration DEFAULT_MINUTE_RETENTION = Duration.ofDays(7);

  /** Minute rows deleted per statement (each in a transaction of its own). */
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  /**
   * Statements per {@link #purge()}: at most 2,000,000 minute rows a run, four times what 1,000
   * busy merchant and channel pairs write in an hour; a longer backlog (the first run after an
   * upgrade) is worked off run after run.
   */
  public static final int DEFAULT_MAX_BATCHES = 400;

  private static final Duration HOUR = Duration.ofHours(1);

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final Duration minuteRetention;
  private final InstantSource clock;
  private final int batchSize;
  private final int maxBatches;

  /** Minute rows kept for {@code minuteRetention}, purged in the default batches. */
  public JdbcStatsRetention(
      DataSource dataSource, Dialect dialect, Duration minuteRetention, InstantSource clock) {
    this(dataSource, dialect, minuteRetention, clock, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCHES);
  }

  /**
   * @param batchSize minute rows deleted per statement
   * @param maxBatches statements per {@link #purge()} at most
   */
  public JdbcStatsRetention(
      DataSource dataSource,
      Dialect dialect,
      Duration minuteRetention,
      InstantSource clock,
      int batchSize,
      int maxBatches) {
    if (minuteRetention.compareTo(HOUR) < 0) {
      throw new IllegalArgumentException(
          "minuteRetention: " + minuteRetention + " must be at least an hour");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize: " + batchSize + " must be at least 1");
    }
    if (maxBatches < 1) {
      throw new IllegalArgumentException("maxBatches: " + maxBatches + " must be at least 1");
    }
    this.jdbc = new Jdbc(dataSource);
    this.dialect = dialect;
    this.minuteRetention = minuteRetention;
    this.clock = clock;
    this.batchSize = batchSize;
    this.maxBatches = maxBatches;
  }

  /** How long minute rows are kept. */
  public Duration minuteRetention() {
    return minuteRetention;
  }

  /**
   * The earliest instant answered at minute precision: the start of the UTC hour holding now minus
   * the window. See {@link NotificationReports#minutePrecisionSince()}.
   */
  public Instant minutesSince() {
    return clock.instant().minus(minuteRetention).truncatedTo(ChronoUnit.HOURS);
  }

  /**
   * The rule for a range's start: one before {@link #minutesSince()} (null: none) is rounded down
   * to the start of its UTC hour, whose hour row holds all of it.
   */
  static @Nullable Instant from(@Nullable Instant from, @Nullable Instant since) {
    return from == null || since == null || !from.isBefore(since)
        ? from
        : from.truncatedTo(ChronoUnit.HOURS);
  }

  /** The rule for a range's end: one before {@code since} is rounded up to the end of its hour. */
  static @Nullable Instant to(@Nullable Instant to, @Nullable Instant since) {
    if (to == null || since == null || !to.isBefore(since)) {
      return to;
    }
    var hour = to.truncatedTo(ChronoUnit.HOURS);
    return hour.equals(to) ? to : hour.plus(HOUR);
  }

  /**
   * Deletes the minute rows that started before {@link #minutesSince()} less an hour, batch after
   * batch, until a batch comes back short or {@link #DEFAULT_MAX_BATCHES} (as configured) have run;
   * returns how many rows were deleted.
   */
  public int purge() {
    var before = minutesSince().minus(HOUR);
    int total = 0;
    for (int batch = 0; batch < maxBatches; batch++) {
      int deleted = purgeMinutes(before, batchSize);
      total += deleted;
      if (deleted < batchSize) {
        break;
      }
    }
    return total;
  }

  /**
   * Deletes up to {@code limit} minute rows that started before {@code before}, in one transaction
   * of one statement over the primary key, which {@code bucket_start} leads; returns how many. Hour
   * rows are never deleted.
   */
  public int purgeMinutes(Instant before, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
    var sql = purgeSql(dialect);
    return jdbc.inTransaction(
        "purge minute statistics",
        dialect.claimIsolation(),
        connection -> purge(connection, sql, before, limit));
  }

  /** The bounded delete: minute rows before the first parameter, at most the second. */
  static String purgeSql(Dialect dialect) {
    return switch (dialect) {
      case H2 -> "DELETE FROM stats_rollup WHERE bucket_start < ? FETCH FIRST ? ROWS ONLY";
      // No LIMIT on a PostgreSQL DELETE: the rows' physical addresses, from a range scan of
      // the primary key, are deleted by a TID scan.
      case POSTGRESQL ->
          "DELETE FROM stats_rollup WHERE ctid = ANY(ARRAY("
              + "SELECT ctid FROM stats_rollup WHERE bucket_start < ? LIMIT ?))";
      // In key order, as the writers upsert, under READ COMMITTED: no gap locks.
      case MYSQL -> "DELETE FROM stats_rollup WHERE bucket_start < ? ORDER BY bucket_start LIMIT ?";
    };
  }

  private static int purge(Connection connection, String sql, Instant before, int limit)
      throws SQLException {
    return Jdbc.update(
        connection,
        sql,
        statement ->
            new Jdbc.Params(statement)
                .instant(Jdbc.millis(before)) // bucket_start < ?
                .integer(limit)); // LIMIT
  }
}
