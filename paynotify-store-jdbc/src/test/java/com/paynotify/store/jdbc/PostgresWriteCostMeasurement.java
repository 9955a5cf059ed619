package com.paynotify.store.jdbc;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.notification.Attempt;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Transition;
import com.paynotify.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the writes of the hot path cost PostgreSQL's table and indexes, printed, at the schema of V5
 * and at the latest: {@value #NOTIFICATIONS} notifications created, claimed and delivered through
 * the store, then the table's update and HOT counters and the sizes of the table and each index. A
 * measurement, not a check: runs only with {@code -Dpaynotify.measure=true}.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl paynotify-store-jdbc -am test -Dtest=PostgresWriteCostMeasurement \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dpaynotify.measure=true
 * }</pre>
 */
class PostgresWriteCostMeasurement {
  private static final int NOTIFICATIONS = 20_000;
  private static final int BATCH = 200;

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(strings = {"5", "latest"})
  void measure(String version) throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("paynotify.measure"), "a measurement: -Dpaynotify.measure=true");
    try (var database = TestDatabases.postgres()) {
      Flyway.configure()
          .dataSource(database.dataSource())
          .locations(Dialect.POSTGRESQL.migrationLocation())
          .target(version)
          .load()
          .migrate();
      try (var connection = database.dataSource().getConnection();
          var statement = connection.createStatement()) {
        // Sizes then count every entry written, none reclaimed by a vacuum meanwhile.
        statement.execute("ALTER TABLE notification SET (autovacuum_enabled = false)");
      }
      var store = new JdbcDeliveryQueue(database.dataSource(), Dialect.POSTGRESQL);
      var walBefore = walPosition(database.dataSource());
      long started = System.nanoTime();
      try (var creators = Executors.newFixedThreadPool(4)) {
        var created = new ArrayList<Future<?>>();
        for (int i = 0; i < NOTIFICATIONS; i++) {
          // Each created and due at its own millisecond, as they come in production, with an order
          // of its own.
          var at = T0.minusMillis(NOTIFICATIONS - i);
          var orderNo = "ORD-" + i;
          created.add(
              creators.submit(
                  () ->
                      store.createAll(
                          List.of(
                              aNotification()
                                  .orderNo(orderNo)
                                  .idempotencyKey(orderNo + "|SUCCESS")
                                  .createdAt(at)
                                  .nextAttemptAt(at)
                                  .build()),
                          LeaseOffer.NONE)));
        }
        for (var future : created) {
          future.get();
        }
      }
      int delivered = 0;
      while (true) {
        var claimed = store.claimDue(T0, BATCH, T0.plusSeconds(60));
        if (claimed.isEmpty()) {
          break;
        }
        var transitions =
            claimed.stream()
                .map(
                    n ->
                        Transition.attempted(
                            n.toBuilder()
                                .status(NotificationStatus.SUCCEEDED)
                                .attempts(1)
                                .nextAttemptAt(null)
                                .leaseUntil(null)
                                .lastHttpStatus(200)
                                .lastResponse("success")
                                .updatedAt(T0.plusMillis(5))
                                .completedAt(T0.plusMillis(5))
                                .build(),
                            new Attempt(
                                n.id(), 1, T0, Duration.ofMillis(5), 200, "success", null, null)))
                .toList();
        delivered += store.apply(transitions).size();
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(delivered).isEqualTo(NOTIFICATIONS);
      try (var connection = database.dataSource().getConnection()) {
        report(connection, version, millis, walBefore);
      }
    }
  }

  private static String walPosition(javax.sql.DataSource dataSource) throws SQLException {
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static void report(Connection connection, String version, long millis, String walBefore)
      throws SQLException {
    try (var statement = connection.createStatement()) {
      // The counters reach the statistics views a moment after each transaction.
      statement.execute("SELECT pg_sleep(1.5)");
      statement.execute("SELECT pg_stat_clear_snapshot()");
      var out =
          new StringBuilder(
              "schema " + version + ", " + NOTIFICATIONS + " notifications in " + millis + " ms\n");
      try (var rows =
          statement.executeQuery(
              """
          SELECT n_tup_ins, n_tup_upd, n_tup_hot_upd, pg_relation_size('notification'),
            pg_indexes_size('notification'),
            (SELECT COUNT(*) FROM pg_index WHERE indrelid = 'notification'::regclass)
          FROM pg_stat_user_tables WHERE relname = 'notification'""")) {
        rows.next();
        out.append(
            "  inserts %d, updates %d, HOT %d (%.1f%%), table %d kB, indexes %d kB in %d%n"
                .formatted(
                    rows.getLong(1),
                    rows.getLong(2),
                    rows.getLong(3),
                    100.0 * rows.getLong(3) / Math.max(1, rows.getLong(2)),
                    rows.getLong(4) / 1024,
                    rows.getLong(5) / 1024,
                    rows.getLong(6)));
      }
      // The whole server's WAL: other databases' writes meanwhile count too.
      try (var rows =
          statement.executeQuery(
              "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '"
                  + walBefore
                  + "'::pg_lsn)::bigint")) {
        rows.next();
        out.append(
            "  WAL %d bytes per notification (whole server)%n"
                .formatted(rows.getLong(1) / NOTIFICATIONS));
      }
      try (var rows =
          statement.executeQuery(
              """
          SELECT c.relname, pg_relation_size(c.oid), pg_get_indexdef(c.oid)
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indrelid = 'notification'::regclass ORDER BY c.relname""")) {
        while (rows.next()) {
          out.append(
              "  %-42s %7d kB  %s%n"
                  .formatted(rows.getString(1), rows.getLong(2) / 1024, rows.getString(3)));
        }
      }
      System.out.println(out);
    }
  }
}
