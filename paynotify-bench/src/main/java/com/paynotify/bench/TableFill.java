package com.paynotify.bench;

import com.paynotify.store.jdbc.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Rows written straight into the server's tables by set-based SQL ({@code INSERT … SELECT … FROM
 * GENERATE_SERIES}, which PostgreSQL and H2 both accept), thousands of times faster than through
 * the API: a backlog of notifications due in a day, and a week of ended notifications with their
 * attempts for the stats. The column lists follow the schema of {@code db/migration}; a migration
 * that moves columns must move them here too. Rows written behind the store's back are not in its
 * statistics counters, so each fill then rebuilds them with V7's own backfill statement, as a
 * database upgraded with those rows would have them.
 */
final class TableFill implements AutoCloseable {
  /** Rows per statement and transaction, so a million-row fill never holds one huge transaction. */
  static final int DEFAULT_CHUNK = 50_000;

  /**
   * The migration whose backfill statement (its last, from {@code INSERT INTO stats_rollup}) fills
   * the counters.
   */
  private static final String ROLLUP_MIGRATION = "V7__stats_rollup.sql";

  /**
   * The migration whose backfill statement (from {@code INSERT INTO stats_rollup_hour}) sums the
   * minute counters per hour.
   */
  private static final String HOUR_ROLLUP_MIGRATION = "V15__stats_rollup_hour.sql";

  /**
   * The migration whose backfill statements (from {@code INSERT INTO pending_count}) count the
   * PENDING rows.
   */
  private static final String PENDING_COUNT_MIGRATION = "V14__pending_count.sql";

  private static final String PENDING =
      """
      INSERT INTO notification (id, merchant_id, channel, order_no, payment_status, amount, currency, notify_url, extra,
        retry_policy, idempotency_key, fingerprint, status, attempts, max_attempts, next_attempt_at, due_at,
        created_at, updated_at, version)
      SELECT 'ntf_bl_' || CAST(g.x AS VARCHAR(20)), 'bench', 'WEBHOOK', 'BL-' || CAST(g.x AS VARCHAR(20)), 'SUCCESS', 100.00,
        'CNY', ?, '{}', 'standard', 'BL-' || CAST(g.x AS VARCHAR(20)) || '|SUCCESS', 'BL-' || CAST(g.x AS VARCHAR(20)),
        'PENDING', 0, 6, CAST(? AS TIMESTAMP(3)), CAST(? AS TIMESTAMP(3)), CAST(? AS TIMESTAMP(3)), CAST(? AS TIMESTAMP(3)), 0
      FROM GENERATE_SERIES(?, ?) AS g(x)""";

  private static final String ENDED =
      """
      INSERT INTO notification (id, merchant_id, channel, order_no, payment_status, amount, currency, notify_url, extra,
        retry_policy, idempotency_key, fingerprint, status, attempts, max_attempts, last_http_status, last_response,
        created_at, updated_at, completed_at, version)
      SELECT 'ntf_st_' || CAST(g.x AS VARCHAR(20)), 'bench', 'WEBHOOK', 'ST-' || CAST(g.x AS VARCHAR(20)), 'SUCCESS', 100.00,
        'CNY', ?, '{}', 'standard', 'ST-' || CAST(g.x AS VARCHAR(20)) || '|SUCCESS', 'ST-' || CAST(g.x AS VARCHAR(20)),
        CASE WHEN MOD(g.x, 50) = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END, 1, 6,
        CASE WHEN MOD(g.x, 50) = 0 THEN 500 ELSE 200 END, 'success',
        CAST(? AS TIMESTAMP(3)) + g.x * ? * INTERVAL '0.001' SECOND,
        CAST(? AS TIMESTAMP(3)) + (g.x * ? + 50) * INTERVAL '0.001' SECOND,
        CAST(? AS TIMESTAMP(3)) + (g.x * ? + 50) * INTERVAL '0.001' SECOND, 2
      FROM GENERATE_SERIES(?, ?) AS g(x)""";

  private static final String ATTEMPTS =
      """
      INSERT INTO attempt (notification_id, number, started_at, duration_ms, http_status, response)
      SELECT 'ntf_st_' || CAST(g.x AS VARCHAR(20)), 1, CAST(? AS TIMESTAMP(3)) + (g.x * ? + 10) * INTERVAL '0.001' SECOND,
        5 + MOD(g.x, 200), CASE WHEN MOD(g.x, 50) = 0 THEN 500 ELSE 200 END, 'success'
      FROM GENERATE_SERIES(?, ?) AS g(x)""";

  private final Connection connection;
  private final boolean postgres;
  private final int chunk;

  TableFill(Connection connection, int chunk) throws SQLException {
    this.connection = connection;
    this.chunk = chunk;
    this.postgres =
        connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
  }

  /**
   * Opens the benchmark's database; an H2 file only while the server is stopped (it locks the
   * file).
   */
  static TableFill open(BenchDatabase database) throws SQLException {
    return switch (database) {
      case BenchDatabase.Postgres p ->
          new TableFill(
              DriverManager.getConnection(
                  p.adminUrl().substring(0, p.adminUrl().lastIndexOf('/') + 1) + p.name(),
                  p.user(),
                  ""),
              DEFAULT_CHUNK);
      case BenchDatabase.H2 h ->
          new TableFill(
              DriverManager.getConnection(
                  "jdbc:h2:file:"
                      + h.dataDir().resolve("paynotify")
                      + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;IFEXISTS=TRUE",
                  "",
                  ""),
              DEFAULT_CHUNK);
    };
  }

  /** {@code count} PENDING notifications for {@code url}, all due at {@code dueAt}. */
  void backlog(int count, String url, Instant dueAt) throws SQLException {
    var now = utc(Instant.now());
    var due = utc(dueAt);
    for (long from = 1; from <= count; from += chunk) {
      long to = Math.min(count, from + chunk - 1);
      try (var s = connection.prepareStatement(PENDING)) {
        int i = 0;
        s.setString(++i, url);
        s.setObject(++i, due);
        s.setObject(++i, due);
        s.setObject(++i, now);
        s.setObject(++i, now);
        s.setLong(++i, from);
        s.setLong(++i, to);
        s.executeUpdate();
      }
    }
    rebuildRollups();
    recountPending();
    analyze("notification");
  }

  /**
   * {@code notifications} ended notifications created evenly over {@code span} before now (one in
   * fifty FAILED, the rest SUCCEEDED), and one attempt each for the first {@code attempts} of them.
   */
  void ended(int notifications, int attempts, Duration span, String url) throws SQLException {
    var start =
        Instant.now().minus(span).plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
    long stepMillis =
        Math.max(1, span.minus(Duration.ofMinutes(2)).toMillis() / Math.max(1, notifications));
    var base = utc(start);
    for (long from = 1; from <= notifications; from += chunk) {
      long to = Math.min(notifications, from + chunk - 1);
      try (var s = connection.prepareStatement(ENDED)) {
        int i = 0;
        s.setString(++i, url);
        for (int column = 0; column < 3; column++) {
          s.setObject(++i, base);
          s.setLong(++i, stepMillis);
        }
        s.setLong(++i, from);
        s.setLong(++i, to);
        s.executeUpdate();
      }
    }
    for (long from = 1; from <= attempts; from += chunk) {
      long to = Math.min(attempts, from + chunk - 1);
      try (var s = connection.prepareStatement(ATTEMPTS)) {
        int i = 0;
        s.setObject(++i, base);
        s.setLong(++i, stepMillis);
        s.setLong(++i, from);
        s.setLong(++i, to);
        s.executeUpdate();
      }
    }
    rebuildRollups();
    analyze("notification");
    analyze("attempt");
  }

  /**
   * Counts every stored row into {@code stats_rollup} and {@code stats_rollup_hour} again, with the
   * backfills of V7 and V15.
   */
  private void rebuildRollups() throws SQLException {
    refill("stats_rollup", ROLLUP_MIGRATION);
    refill("stats_rollup_hour", HOUR_ROLLUP_MIGRATION);
    analyze("stats_rollup");
    analyze("stats_rollup_hour");
  }

  /** Counts the PENDING rows into {@code pending_count} again, with the backfill of V14. */
  private void recountPending() throws SQLException {
    refill("pending_count", PENDING_COUNT_MIGRATION);
  }

  /**
   * Empties {@code table} and runs the statements of {@code migration} from its first insert into
   * it.
   */
  private void refill(String table, String migration) throws SQLException {
    var location =
        Dialect.of(connection.getMetaData()).migrationLocation().substring("classpath:".length());
    String script;
    try (var in =
        TableFill.class.getClassLoader().getResourceAsStream(location + "/" + migration)) {
      if (in == null) {
        throw new IllegalStateException(location + "/" + migration + " is not on the class path");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var backfill = script.substring(script.indexOf("INSERT INTO " + table));
    try (var s = connection.createStatement()) {
      s.executeUpdate("DELETE FROM " + table);
      for (var statement : backfill.split(";")) {
        if (!statement.isBlank()) {
          s.executeUpdate(statement.strip());
        }
      }
    }
  }

  long count(String table) throws SQLException {
    try (var s = connection.createStatement();
        var rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * What autovacuum (off on some machines) would do after a bulk load: fresh planner statistics
   * and, on PostgreSQL, a visibility map, so the table is measured as it is in steady state.
   */
  private void analyze(String table) throws SQLException {
    try (var s = connection.createStatement()) {
      s.execute(postgres ? "VACUUM (ANALYZE) " + table : "ANALYZE TABLE " + table);
    }
  }

  /** The schema keeps instants as UTC wall-clock timestamps. */
  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
