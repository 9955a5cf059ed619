package com.paynotify.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With 60,000 notifications waiting until tomorrow (created in one burst), 20,000 ended ones with
 * an attempt each and 3 due now, the periodic reads are ranges as long as what they return, not
 * passes over the table: the backlog's due count, the claim, and the attempts of a partial stats
 * minute, on H2 (as it explains them, with the rows it scanned) and the due count on MariaDB.
 * PostgreSQL's plans are in {@link PostgresQueryPlanTest} and {@link PostgresStatsPlanTest}.
 */
class RangePlanTest {
  private static final int ROWS = 20_000;
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

  /**
   * A notification per number {@code %1$s} of {@code %3$s}, with its status, id prefix, due time,
   * completion time and creation time.
   */
  private static final String ROW =
      """
      INSERT INTO notification (id, merchant_id, channel, order_no, payment_status, amount, currency,
        notify_url, extra, retry_policy, idempotency_key, fingerprint, status, attempts, max_attempts,
        next_attempt_at, due_at, created_at, updated_at, completed_at, version)
      SELECT CONCAT('%4$s', %1$s), 'm', 'WEBHOOK', CONCAT('%4$s', %1$s), 'SUCCESS', 1.00, 'CNY',
        'https://merchant.example/notify', '{}', 'standard', CONCAT('%4$s', %1$s), CONCAT('%4$s', %1$s),
        %2$s, 0, 6, %5$s, %5$s, %7$s,
        TIMESTAMP '2026-01-01 11:00:00', %6$s, 0
      FROM %3$s""";

  @Test
  void onH2TheDueCountTheClaimAndAPartialMinuteReadOnlyTheirRange() throws SQLException {
    try (var database = TestDatabases.h2()) {
      JdbcSchema.migrate(database.dataSource());
      fill(
          database,
          "g.x",
          "SYSTEM_RANGE(1, %d) g",
          "SYSTEM_RANGE(1, 3) g",
          "TIMESTAMP '2026-01-01 11:00:00' + g.x * INTERVAL '0.1' SECOND");
      PlanQueries.execute(database, "ANALYZE");

      var dueCount =
          explain(
              database,
              "SELECT COUNT(*) FROM " + JdbcNotificationReports.dueRows(Dialect.H2),
              at(NOW));
      var claim = explain(database, JdbcDeliveryQueue.SELECT_DUE_FOR_UPDATE, at(NOW), 200);
      var minute =
          explain(
              database,
              RollupStats.attemptDurations(
                  " WHERE n.created_at >= TIMESTAMP '2026-01-01 11:10:00'"
                      + " AND n.created_at < TIMESTAMP '2026-01-01 11:10:10'"));

      assertThat(dueCount).contains("IX_NOTIFICATION_DUE");
      assertThat(largestScan(dueCount)).isLessThan(10);
      assertThat(largestScan(claim)).isLessThan(10);
      assertThat(largestScan(minute)).isLessThan(1_000);
      assertThat(due(database, Dialect.H2)).isEqualTo(3);
    }
  }

  @Test
  void onMariaDbTheDueCountIsARangeOfTheDueIndex() throws SQLException {
    try (var database = TestDatabases.mariadb()) {
      JdbcSchema.migrate(database.dataSource());
      fill(
          database,
          "s.seq",
          "seq_1_to_%d s",
          "seq_1_to_3 s",
          "TIMESTAMP '2026-01-01 11:00:00' + INTERVAL (s.seq * 100000) MICROSECOND");
      PlanQueries.execute(database, "ANALYZE TABLE notification");

      var plan =
          explain(
              database,
              "EXPLAIN SELECT COUNT(*) FROM " + JdbcNotificationReports.dueRows(Dialect.MYSQL),
              at(NOW));

      assertThat(plan).contains("key=ix_notification_due").contains("type=range");
      assertThat(due(database, Dialect.MYSQL)).isEqualTo(3);
    }
  }

  /**
   * Three times {@value #ROWS} rows waiting until tomorrow and {@value #ROWS} ended (with an
   * attempt each) from {@code many}, and 3 due an hour ago from {@code three}.
   */
  private static void fill(
      TestDatabase database, String number, String many, String three, String createdAt) {
    var rows = many.formatted(ROWS);
    var tomorrow = "TIMESTAMP '2026-01-02 12:00:00'";
    var anHourAgo = "TIMESTAMP '2026-01-01 11:00:00'";
    var ended = "TIMESTAMP '2026-01-01 11:30:00'";
    // The waiting ones were created at one instant, as a burst is: H2 then thinks little of the
    // creation-time index.
    PlanQueries.execute(
        database,
        ROW.formatted(
            number, "'PENDING'", many.formatted(3 * ROWS), "w-", tomorrow, "NULL", anHourAgo));
    PlanQueries.execute(
        database, ROW.formatted(number, "'SUCCEEDED'", rows, "e-", "NULL", ended, createdAt));
    PlanQueries.execute(
        database, ROW.formatted(number, "'PENDING'", three, "d-", anHourAgo, "NULL", createdAt));
    PlanQueries.execute(
        database,
        """
        INSERT INTO attempt (notification_id, number, started_at, duration_ms, http_status, response)
        SELECT id, 1, created_at, 40, 200, 'success' FROM notification WHERE status = 'SUCCEEDED'""");
  }

  /** H2's EXPLAIN ANALYZE, or, when {@code sql} starts with EXPLAIN, that database's own. */
  private static String explain(TestDatabase database, String sql, Object... values)
      throws SQLException {
    return PlanQueries.text(
        database, sql.startsWith("EXPLAIN") ? sql : "EXPLAIN ANALYZE " + sql, values);
  }

  private static long largestScan(String plan) {
    var counts = SCAN_COUNT.matcher(plan).results().map(m -> Long.parseLong(m.group(1))).toList();
    assertThat(counts).as("scan counts in %s", plan).isNotEmpty();
    return counts.stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  private static LocalDateTime at(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static long due(TestDatabase database, Dialect dialect) {
    return new JdbcNotificationReports(database.dataSource(), dialect).backlog(NOW).due();
  }
}
