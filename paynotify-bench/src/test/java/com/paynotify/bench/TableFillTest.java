package com.paynotify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.notification.NotificationStatus;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bench's SQL fill writes rows the store reads as its own, on both databases the bench runs on.
 */
class TableFillTest {
  private static final String URL = "http://127.0.0.1:9/notify";

  static Stream<Named<Supplier<TestDatabase>>> databases() {
    return Stream.of(
        Named.of("H2", TestDatabases::h2), Named.of("PostgreSQL", TestDatabases::postgres));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void storesABacklogThatWaitsUntilItsDueTimeAndIsThenClaimable(Supplier<TestDatabase> fresh)
      throws Exception {
    try (var database = fresh.get()) {
      JdbcSchema.migrate(database.dataSource());
      var queue = new JdbcDeliveryQueue(database.dataSource());
      var reports = new JdbcNotificationReports(database.dataSource());
      var dueAt = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

      try (var fill = new TableFill(database.dataSource().getConnection(), 100)) {
        fill.backlog(250, URL, dueAt);
      }

      var backlog = reports.backlog(Instant.now());
      assertThat(backlog.scheduled()).isEqualTo(250);
      assertThat(backlog.due()).isZero();
      var claimed = queue.claimDue(dueAt, 300, dueAt.plusSeconds(60));
      assertThat(claimed)
          .hasSize(250)
          .allSatisfy(
              n -> {
                assertThat(n.notifyUrl()).isEqualTo(URL);
                assertThat(n.merchantId()).isEqualTo("bench");
                assertThat(n.attempts()).isZero();
              });
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void storesAWeekOfEndedNotificationsAndAttemptsThatTheStatsCount(Supplier<TestDatabase> fresh)
      throws Exception {
    try (var database = fresh.get()) {
      JdbcSchema.migrate(database.dataSource());
      var reports = new JdbcNotificationReports(database.dataSource());
      var now = Instant.now();

      try (var fill = new TableFill(database.dataSource().getConnection(), 120)) {
        fill.ended(500, 400, Duration.ofDays(7), URL);
      }

      var week = reports.stats(null, null, now.minus(Duration.ofDays(7)), now.plusSeconds(1));
      assertThat(week.total()).isEqualTo(500);
      assertThat(week.byStatus().get(NotificationStatus.FAILED)).isEqualTo(10);
      assertThat(week.byStatus().get(NotificationStatus.SUCCEEDED)).isEqualTo(490);
      assertThat(week.attempts()).isEqualTo(400);
      assertThat(reports.stats(null, null, null, now.minus(Duration.ofDays(7))).total()).isZero();
      // The counters hold the filled rows: the whole-minute part of a range is read from them
      // alone.
      assertThat(reports.stats(null, null, null, null).total()).isEqualTo(500);
      var series =
          reports.series(
              null, null, now.minus(Duration.ofDays(8)), now.plusSeconds(60), Duration.ofDays(1));
      assertThat(series.stream().mapToLong(b -> b.created()).sum()).isEqualTo(500);
      assertThat(series.stream().mapToLong(b -> b.attempts()).sum()).isEqualTo(400);
    }
  }
}
