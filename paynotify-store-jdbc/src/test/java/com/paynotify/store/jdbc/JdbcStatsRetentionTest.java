package com.paynotify.store.jdbc;

import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.InvalidRequestException;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Reports;
import com.paynotify.notification.StatsBucket;
import com.paynotify.notification.Transition;
import com.paynotify.testkit.MutableClock;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Minute statistics are kept for a window and hour statistics for good: the purge deletes only
 * minute rows older than the window, at most its limit per statement and its cap per run, and the
 * answers stay right: whole old hours unchanged, an old partial-hour edge at hour precision, recent
 * ranges to the minute and millisecond.
 */
class JdbcStatsRetentionTest {
  /** Now; the window of 7 days keeps minutes from 2026-03-13T12:00Z, the purge below 11:00Z. */
  private static final Instant NOW = Instant.parse("2026-03-20T12:34:56Z");

  private static final Instant SINCE = Instant.parse("2026-03-13T12:00:00Z");
  private static final Instant PURGED_BEFORE = Instant.parse("2026-03-13T11:00:00Z");

  /** Two old hours, 05:00 and 06:00 on 2026-03-10, long past the window. */
  private static final Instant OLD = Instant.parse("2026-03-10T05:00:00Z");

  private static final Duration WINDOW = Duration.ofDays(7);

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class OnDatabase {
    private TestDatabase database;
    private MutableClock clock;
    private JdbcDeliveryQueue queue;
    private JdbcStatsRetention retention;
    private JdbcNotificationReports reports;

    abstract TestDatabase openDatabase();

    @BeforeAll
    void createSchema() {
      database = openDatabase();
      JdbcSchema.migrate(database.dataSource());
    }

    @AfterAll
    void dropDatabase() {
      if (database != null) {
        database.close();
      }
    }

    @BeforeEach
    void emptyStores() {
      Tables.deleteNotifications(database.dataSource());
      var dataSource = database.dataSource();
      var dialect = Dialect.of(dataSource);
      clock = new MutableClock(NOW);
      queue = new JdbcDeliveryQueue(dataSource);
      retention = new JdbcStatsRetention(dataSource, dialect, WINDOW, clock);
      reports = new JdbcNotificationReports(dataSource, dialect, retention);
    }

    @Test
    void givenMinuteRowsOnBothSidesOfTheWindow_whenPurged_thenOnlyThoseOlderThanTheWindowGo()
        throws SQLException {
      createdAt(OLD.plusSeconds(7 * 60 + 10), OLD.plusSeconds(3_600 + 15 * 60));
      createdAt(PURGED_BEFORE.minusSeconds(30)); // 10:59:30, the last minute purged
      createdAt(PURGED_BEFORE, SINCE.plusSeconds(90), NOW.minusSeconds(120));
      long hourRows = count("SELECT COUNT(*) FROM stats_rollup_hour");
      assertThat(retention.minutesSince()).isEqualTo(SINCE);

      int deleted = retention.purge();

      assertThat(deleted).isEqualTo(3);
      assertThat(minuteRowsBefore(PURGED_BEFORE)).isZero();
      assertThat(minuteStarts())
          .containsExactly(
              PURGED_BEFORE, SINCE.plusSeconds(60), NOW.minusSeconds(120).minusSeconds(56));
      assertThat(count("SELECT COUNT(*) FROM stats_rollup_hour")).isEqualTo(hourRows);
      assertThat(retention.purge()).isZero();
    }

    @Test
    void givenMoreOldMinutesThanTheLimit_whenPurged_thenEachStatementDeletesAtMostTheLimit()
        throws SQLException {
      for (int minute = 0; minute < 7; minute++) {
        createdAt(OLD.plusSeconds(minute * 60L));
      }

      assertThat(retention.purgeMinutes(PURGED_BEFORE, 3)).isEqualTo(3);
      assertThat(minuteRowsBefore(PURGED_BEFORE)).isEqualTo(4);
      assertThat(retention.purgeMinutes(PURGED_BEFORE, 3)).isEqualTo(3);
      assertThat(retention.purgeMinutes(PURGED_BEFORE, 3)).isEqualTo(1);
      assertThat(retention.purgeMinutes(PURGED_BEFORE, 3)).isZero();
    }

    @Test
    void givenABacklog_whenPurged_thenOneRunStopsAtItsCapAndTheNextGoesOn() throws SQLException {
      for (int minute = 0; minute < 7; minute++) {
        createdAt(OLD.plusSeconds(minute * 60L));
      }
      var capped =
          new JdbcStatsRetention(
              database.dataSource(), Dialect.of(database.dataSource()), WINDOW, clock, 2, 2);

      assertThat(capped.purge()).isEqualTo(4);
      assertThat(minuteRowsBefore(PURGED_BEFORE)).isEqualTo(3);
      assertThat(capped.purge()).isEqualTo(3);
      assertThat(minuteRowsBefore(PURGED_BEFORE)).isZero();
    }

    @Test
    void givenOldWholeHours_whenTheirMinutesArePurged_thenTheirStatsAndSeriesAreUnchanged() {
      var old = oldWorkload();
      var wholeHours = reports.stats(null, null, OLD, OLD.plus(Duration.ofHours(2)));
      var allTime = reports.stats(null, null, null, null);
      var upToOld = reports.stats("m1", null, null, OLD.plus(Duration.ofHours(1)));
      var series =
          reports.series(null, null, OLD, OLD.plus(Duration.ofHours(2)), Duration.ofHours(1));

      assertThat(retention.purge()).isPositive();

      assertThat(reports.stats(null, null, OLD, OLD.plus(Duration.ofHours(2))))
          .isEqualTo(wholeHours);
      assertThat(wholeHours.total()).isEqualTo(old.size());
      assertThat(wholeHours.attempts()).isEqualTo(1);
      assertThat(wholeHours.byStatus().get(NotificationStatus.SUCCEEDED)).isOne();
      assertThat(reports.stats(null, null, null, null)).isEqualTo(allTime);
      assertThat(reports.stats("m1", null, null, OLD.plus(Duration.ofHours(1)))).isEqualTo(upToOld);
      assertThat(
              reports.series(null, null, OLD, OLD.plus(Duration.ofHours(2)), Duration.ofHours(1)))
          .isEqualTo(series)
          .containsExactly(
              new StatsBucket(OLD, 3, 1, 0, 0, 1),
              new StatsBucket(OLD.plus(Duration.ofHours(1)), 2, 0, 0, 0, 0));
    }

    @Test
    void givenARangeWithOldPartialHourEdges_thenItIsAnsweredAtHourPrecision() {
      oldWorkload();
      // 05:20 to 06:30 is answered as 05:00 to 07:00, before the purge as after it.
      var from = OLD.plus(Duration.ofMinutes(20));
      var to = OLD.plus(Duration.ofMinutes(90));
      var hours = reports.stats(null, null, OLD, OLD.plus(Duration.ofHours(2)));

      assertThat(reports.stats(null, null, from, to)).isEqualTo(hours);
      retention.purge();
      assertThat(reports.stats(null, null, from, to)).isEqualTo(hours);
      assertThat(reports.stats(null, null, from, to).total()).isEqualTo(5);
      assertThat(reports.stats(null, null, null, to)).isEqualTo(hours);
      assertThat(reports.series(null, null, OLD, to, Duration.ofHours(1)))
          .containsExactly(
              new StatsBucket(OLD, 3, 1, 0, 0, 1),
              new StatsBucket(OLD.plus(Duration.ofHours(1)), 2, 0, 0, 0, 0));
    }

    @Test
    void givenARangeFromAnOldEdgeToNow_thenOnlyTheOldEdgeIsRoundedToItsHour() {
      oldWorkload();
      var recent = recentWorkload();
      retention.purge();

      var stats = reports.stats(null, null, OLD.plus(Duration.ofMinutes(59)), recent.getLast());

      // All of 05:00 (3) and 06:00 (2), and the recent ones before the last, to the millisecond.
      assertThat(stats.total()).isEqualTo(5 + recent.size() - 1);
    }

    @Test
    void givenRecentRanges_whenOldMinutesArePurged_thenTheyAreAnsweredToTheMillisecondAsBefore() {
      oldWorkload();
      var recent = recentWorkload();
      var from = recent.getFirst().plusMillis(1);
      var to = recent.getLast();
      var minutes = Duration.ofMinutes(1);
      var before = reports.stats(null, null, from, to);
      var series = reports.series(null, null, SINCE, NOW, minutes);

      retention.purge();

      assertThat(reports.stats(null, null, from, to)).isEqualTo(before);
      assertThat(before.total()).isEqualTo(recent.size() - 2);
      assertThat(reports.series(null, null, SINCE, NOW, minutes))
          .isEqualTo(series)
          .hasSize(recent.size());
    }

    @Test
    void givenAMinuteSeriesOverAnOldRange_thenTheReportRefusesItNamingTheBucket() {
      oldWorkload();
      var scope =
          new Reports.Scope(null, null, OLD, OLD.plus(Duration.ofHours(2)), Reports.Bucket.MINUTE);

      assertThatThrownBy(() -> new Reports(reports, clock).report(scope))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("bucket"))
          .hasMessageContaining(SINCE.toString());
    }

    @Test
    void givenAnOldShortRangeWithoutABucket_thenTheReportCountsItPerHour() {
      oldWorkload();
      retention.purge();

      var report =
          new Reports(reports, clock)
              .report(
                  new Reports.Scope(
                      null,
                      null,
                      OLD.plus(Duration.ofMinutes(20)),
                      OLD.plus(Duration.ofMinutes(90)),
                      null));

      assertThat(report.series().bucket()).isEqualTo(Reports.Bucket.HOUR);
      assertThat(report.series().points())
          .containsExactly(
              new StatsBucket(OLD, 3, 1, 0, 0, 1),
              new StatsBucket(OLD.plus(Duration.ofHours(1)), 2, 0, 0, 0, 0));
      assertThat(report.totals().total()).isEqualTo(5);
    }

    @Test
    void givenARecentShortRangeWithoutABucket_thenTheReportStillCountsItPerMinute() {
      recentWorkload();

      var report =
          new Reports(reports, clock)
              .report(new Reports.Scope(null, null, NOW.minus(Duration.ofHours(1)), NOW, null));

      assertThat(report.series().bucket()).isEqualTo(Reports.Bucket.MINUTE);
    }

    /**
     * Three notifications in the hour at {@link #OLD} (one succeeded there, with an attempt), two
     * in the hour after.
     */
    private List<Notification> oldWorkload() {
      var created =
          createdAt(
              OLD.plusSeconds(7 * 60 + 10),
              OLD.plusSeconds(20 * 60),
              OLD.plusSeconds(59 * 60 + 30),
              OLD.plusSeconds(60 * 60 + 15 * 60),
              OLD.plusSeconds(60 * 60 + 45 * 60 + 20));
      var first = created.getFirst();
      var at = first.createdAt().plusSeconds(5);
      queue.apply(
          Transition.attempted(
              first.toBuilder()
                  .status(NotificationStatus.SUCCEEDED)
                  .attempts(1)
                  .nextAttemptAt(null)
                  .updatedAt(at)
                  .completedAt(at)
                  .build(),
              new Attempt(
                  first.id(),
                  1,
                  at.minusMillis(80),
                  Duration.ofMillis(80),
                  200,
                  "ok",
                  null,
                  null)));
      return created;
    }

    /** Six notifications in the last hours, each in a minute of its own, at odd milliseconds. */
    private List<Instant> recentWorkload() {
      var times =
          List.of(
              NOW.minus(Duration.ofHours(3)).plusMillis(123),
              NOW.minus(Duration.ofMinutes(150)).plusMillis(7),
              NOW.minus(Duration.ofMinutes(61)),
              NOW.minus(Duration.ofMinutes(30)).minusMillis(500),
              NOW.minus(Duration.ofMinutes(9)),
              NOW.minus(Duration.ofMinutes(2)).plusMillis(999));
      createdAt(times.toArray(Instant[]::new));
      return times;
    }

    private List<Notification> createdAt(Instant... times) {
      return java.util.Arrays.stream(times)
          .map(
              at ->
                  queue
                      .createAll(
                          List.of(aNotification().createdAt(at).updatedAt(at).build()),
                          LeaseOffer.NONE)
                      .getFirst()
                      .orThrow()
                      .notification())
          .toList();
    }

    private long minuteRowsBefore(Instant before) throws SQLException {
      try (var connection = database.dataSource().getConnection();
          var statement =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM stats_rollup WHERE bucket_start < ?")) {
        Jdbc.setInstant(statement, 1, before);
        try (var rows = statement.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    }

    private List<Instant> minuteStarts() throws SQLException {
      try (var connection = database.dataSource().getConnection();
          var statement =
              connection.prepareStatement(
                  "SELECT DISTINCT bucket_start FROM stats_rollup ORDER BY bucket_start");
          var rows = statement.executeQuery()) {
        var starts = new java.util.ArrayList<Instant>();
        while (rows.next()) {
          starts.add(Jdbc.getRequiredInstant(rows, "bucket_start"));
        }
        return starts;
      }
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

  @Nested
  class OnH2 extends OnDatabase {
    @Override
    TestDatabase openDatabase() {
      return TestDatabases.h2();
    }
  }

  @Nested
  class OnPostgres extends OnDatabase {
    @Override
    TestDatabase openDatabase() {
      return TestDatabases.postgres();
    }
  }

  @Nested
  class OnMariaDb extends OnDatabase {
    @Override
    TestDatabase openDatabase() {
      return TestDatabases.mariadb();
    }
  }
}
