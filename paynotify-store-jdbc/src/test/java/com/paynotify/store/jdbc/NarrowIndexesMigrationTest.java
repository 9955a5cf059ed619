package com.paynotify.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.notification.Backlog;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * V6 on a database that V5 made and filled: the rows are written with plain SQL as the store of V5
 * wrote them, then Flyway moves the schema on and today's store works on what it finds.
 */
class NarrowIndexesMigrationTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("H2", (Supplier<TestDatabase>) TestDatabases::h2),
        Arguments.of("PostgreSQL", (Supplier<TestDatabase>) TestDatabases::postgres),
        Arguments.of("MariaDB", (Supplier<TestDatabase>) TestDatabases::mariadb));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void movesAV5DatabaseOnAndTheStoreWorksOnItsRows(String name, Supplier<TestDatabase> open)
      throws SQLException {
    try (var database = open.get()) {
      // given a V5 schema holding notifications in every state, two of them as an older writer left
      // them
      var dialect = Dialect.of(database.dataSource());
      Flyway.configure()
          .dataSource(database.dataSource())
          .locations(dialect.migrationLocation())
          .target("5")
          .load()
          .migrate();
      insertV5Row(
          database,
          "ntf_due",
          "ORD-1",
          "PENDING",
          "'2026-06-01 11:59:00'",
          null,
          "'2026-06-01 11:59:00'",
          null);
      insertV5Row(
          database,
          "ntf_later",
          "ORD-1",
          "PENDING",
          "'2026-06-01 11:59:30'",
          null,
          "'2026-06-01 11:59:30'",
          null);
      insertV5Row(
          database,
          "ntf_scheduled",
          "ORD-2",
          "PENDING",
          "'2026-06-01 13:00:00'",
          null,
          "'2026-06-01 13:00:00'",
          null);
      insertV5Row(
          database,
          "ntf_lapsed",
          "ORD-3",
          "DELIVERING",
          null,
          "'2026-06-01 11:58:00'",
          "'2026-06-01 11:58:00'",
          null);
      insertV5Row(
          database, "ntf_no_due", "ORD-4", "PENDING", "'2026-06-01 11:57:00'", null, null, null);
      insertV5Row(
          database,
          "ntf_done",
          "ORD-5",
          "SUCCEEDED",
          null,
          null,
          "'2026-06-01 11:00:00'",
          "'2026-06-01 10:00:00'");
      insertV5Row(
          database, "ntf_failed", "ORD-6", "FAILED", null, null, null, "'2026-06-01 10:30:00'");
      execute(
          database,
          "INSERT INTO attempt (notification_id, number, started_at, duration_ms, http_status)"
              + " VALUES ('ntf_done', 1, TIMESTAMP '2026-06-01 10:00:00', 12, 200)");

      // when Flyway migrates it to the latest version
      JdbcSchema.migrate(database.dataSource());

      // then every row is there, an ended row is never due and a waiting one always is
      var store = new JdbcDeliveryQueue(database.dataSource());
      var reports = new JdbcNotificationReports(database.dataSource());
      assertThat(dueAtById(database))
          .containsOnlyKeys(
              "ntf_due",
              "ntf_later",
              "ntf_scheduled",
              "ntf_lapsed",
              "ntf_no_due",
              "ntf_done",
              "ntf_failed")
          .containsEntry("ntf_done", null)
          .containsEntry("ntf_failed", null)
          .containsEntry("ntf_no_due", "2026-06-01 11:57");
      assertThat(indexesOfNotification(database))
          .contains("ix_notification_due", "ix_notification_order_no", "ix_notification_completed")
          .doesNotContain("ix_notification_order");
      assertThat(reports.backlog(NOW))
          .isEqualTo(new Backlog(3, 1, 1, Instant.parse("2026-06-01T11:57:00Z")));
      assertThat(
              reports
                  .search(
                      new NotificationQuery(
                          "m1",
                          null,
                          NotificationStatus.FAILED,
                          null,
                          null,
                          null,
                          0,
                          20,
                          null,
                          null))
                  .items())
          .extracting(Notification::id)
          .containsExactly("ntf_failed");
      assertThat(reports.findAttempts("ntf_done")).hasSize(1);

      // and the claim still keeps an order's events in order and takes over the lapsed lease
      var claimed = store.claimDue(NOW, 10, NOW.plusSeconds(60));
      assertThat(claimed)
          .extracting(Notification::id)
          .containsExactlyInAnyOrder("ntf_due", "ntf_lapsed", "ntf_no_due");
      assertThat(store.purgeEnded(NOW, 10)).isEqualTo(1);
      assertThat(store.find("ntf_done")).isEmpty();
    }
  }

  /** One notification row as V5's store wrote it; instants are SQL literals or null. */
  private static void insertV5Row(
      TestDatabase database,
      String id,
      String orderNo,
      String status,
      String nextAttemptAt,
      String leaseUntil,
      String dueAt,
      String completedAt)
      throws SQLException {
    execute(
        database,
        """
        INSERT INTO notification (id, merchant_id, channel, order_no, payment_status, amount, currency, notify_url,
          extra, retry_policy, idempotency_key, fingerprint, status, attempts, max_attempts, next_attempt_at,
          lease_until, due_at, created_at, updated_at, completed_at, version)
        VALUES ('%s', 'm1', 'WEBHOOK', '%s', 'SUCCESS', 10.00, 'CNY', 'https://shop.example/notify', '{}', 'standard',
          '%s', 'fp', '%s', 1, 6, %s, %s, %s, TIMESTAMP '2026-06-01 09:00:00', TIMESTAMP '2026-06-01 09:00:00', %s, 1)"""
            .formatted(
                id,
                orderNo,
                id,
                status,
                timestamp(nextAttemptAt),
                timestamp(leaseUntil),
                timestamp(dueAt),
                timestamp(completedAt)));
  }

  private static String timestamp(String literal) {
    return literal == null ? "NULL" : "TIMESTAMP " + literal;
  }

  private static Map<String, String> dueAtById(TestDatabase database) throws SQLException {
    var dueAt = new HashMap<String, String>();
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT id, due_at FROM notification")) {
      while (rows.next()) {
        var value = rows.getTimestamp(2);
        dueAt.put(
            rows.getString(1),
            value == null ? null : value.toLocalDateTime().toString().replace('T', ' '));
      }
    }
    return dueAt;
  }

  private static Set<String> indexesOfNotification(TestDatabase database) throws SQLException {
    var names = new HashSet<String>();
    try (var connection = database.dataSource().getConnection()) {
      var metaData = connection.getMetaData();
      for (var table : new String[] {"notification", "NOTIFICATION"}) {
        try (var rows = metaData.getIndexInfo(connection.getCatalog(), null, table, false, false)) {
          while (rows.next()) {
            var index = rows.getString("INDEX_NAME");
            if (index != null) {
              names.add(index.toLowerCase(Locale.ROOT));
            }
          }
        }
      }
    }
    return names;
  }

  private static void execute(TestDatabase database, String sql) throws SQLException {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }
}
