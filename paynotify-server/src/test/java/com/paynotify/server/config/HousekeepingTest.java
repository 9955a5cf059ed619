package com.paynotify.server.config;

import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.RetentionPurge;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.store.jdbc.Dialect;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcRetryPolicyStore;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.store.jdbc.JdbcStatsRetention;
import com.paynotify.testkit.MutableClock;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The periodic purge also deletes the minute statistics past their window, keeping the hours. */
class HousekeepingTest {
  private static final Instant NOW = Instant.parse("2026-03-20T12:34:56Z");
  private static final Instant OLD = Instant.parse("2026-03-10T05:07:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private TestDatabase database;

  @BeforeEach
  void setUp() {
    database = TestDatabases.h2();
    JdbcSchema.migrate(database.dataSource());
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void givenMinuteStatisticsPastTheWindow_whenThePurgeRuns_thenTheyGoAndTheHoursStay()
      throws SQLException {
    var dataSource = database.dataSource();
    var queue = new JdbcDeliveryQueue(dataSource);
    for (var at : List.of(OLD, NOW.minus(Duration.ofHours(1)))) {
      queue.createAll(
          List.of(aNotification().createdAt(at).updatedAt(at).build()), LeaseOffer.NONE);
    }
    var retention =
        new JdbcStatsRetention(
            dataSource,
            Dialect.of(dataSource),
            StatsProperties.defaults().minuteRetention(),
            clock);
    var reports = new JdbcNotificationReports(dataSource, Dialect.of(dataSource), retention);
    var housekeeping =
        new Housekeeping(
            new RetentionPurge(queue, Duration.ofDays(30), 100, clock),
            retention,
            new RetryPolicies(),
            new JdbcRetryPolicyStore(dataSource),
            new PurgeProperties(null, null));

    housekeeping.purgeExpired();

    assertThat(count("SELECT COUNT(*) FROM stats_rollup")).isOne();
    assertThat(count("SELECT COUNT(*) FROM stats_rollup_hour")).isEqualTo(2);
    assertThat(reports.stats(null, null, OLD.plusSeconds(30), OLD.plusSeconds(60)).total())
        .as("an old partial minute, at hour precision")
        .isOne();
  }

  @Test
  void givenNoMinuteRetentionSet_thenMinutesAreKeptForAWeek() {
    assertThat(StatsProperties.defaults().minuteRetention()).isEqualTo(Duration.ofDays(7));
  }

  private long count(String sql) throws SQLException {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.prepareStatement(sql);
        var rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
