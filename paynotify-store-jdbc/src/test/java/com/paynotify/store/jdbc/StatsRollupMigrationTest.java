package com.paynotify.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Percentiles;
import com.paynotify.notification.StatsBucket;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * V7 backfills the statistics counters from the notifications and attempts already stored: on a
 * database at V5 filled with plain SQL (the columns as V1 to V5 define them, no store code), the
 * answers after the migration equal those the scan over the rows gave before it. V6 is not assumed:
 * Flyway applies V7 after V5 alone, and V7 reads only V1 to V5 columns.
 */
class StatsRollupMigrationTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String[] MERCHANTS = {"m1", "m2"};
  private static final Channel[] CHANNELS = {Channel.WEBHOOK, Channel.ALIPAY};
  private static final NotificationStatus[] STATUSES = NotificationStatus.values();

  /** One notification written the old way, and its attempts' durations and start times. */
  private record Row(
      String id,
      String merchantId,
      Channel channel,
      NotificationStatus status,
      Instant createdAt,
      @Nullable Instant completedAt,
      List<Long> durations,
      List<Instant> startedAt) {}

  abstract static class OnDatabase {
    abstract TestDatabase openDatabase();

    @Test
    void backfillsTheCountersSoTheAnswersAreThoseOfTheScan() throws SQLException {
      try (var database = openDatabase()) {
        var dialect = Dialect.of(database.dataSource());
        flyway(database, dialect).target("5").load().migrate();
        var rows = fill(database);

        flyway(database, dialect).load().migrate();

        var store = new JdbcNotificationReports(database.dataSource());
        for (var merchant : new String[] {null, "m1"}) {
          for (var channel : new Channel[] {null, Channel.ALIPAY}) {
            for (var range :
                List.of(
                    new Instant[] {null, null},
                    new Instant[] {T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(20))},
                    new Instant[] {T0.plusMillis(3_723_456), T0.plusMillis(50_000_001)})) {
              var stats = store.stats(merchant, channel, range[0], range[1]);
              var expected = expected(rows, merchant, channel, range[0], range[1]);
              assertThat(stats.byStatus()).isEqualTo(expected.byStatus);
              assertThat(stats.attempts()).isEqualTo(expected.attempts);
              assertThat(stats.maxAttemptDuration()).isEqualTo(Duration.ofMillis(expected.max));
              assertThat(stats.averageAttemptDuration())
                  .isEqualTo(
                      expected.attempts == 0
                          ? Duration.ZERO
                          : Duration.ofMillis(expected.sum).dividedBy(expected.attempts));
              var exact = Percentiles.of(expected.durations);
              for (var pair :
                  List.of(
                      new Duration[] {stats.attemptPercentiles().p50(), exact.p50()},
                      new Duration[] {stats.attemptPercentiles().p99(), exact.p99()})) {
                assertThat((double) Math.abs(pair[0].toMillis() - pair[1].toMillis()))
                    .isLessThanOrEqualTo(pair[1].toMillis() / 8.0);
              }
            }
            assertThat(
                    store.series(
                        merchant, channel, T0, T0.plus(Duration.ofDays(2)), Duration.ofHours(1)))
                .containsExactlyElementsOf(
                    expectedSeries(rows, merchant, channel, Duration.ofHours(1)));
          }
        }
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

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
      TestDatabase database, Dialect dialect) {
    return Flyway.configure()
        .dataSource(database.dataSource())
        .locations(dialect.migrationLocation());
  }

  /** 600 notifications over a day in every status, with 0 to 3 attempts each, by plain SQL. */
  private static List<Row> fill(TestDatabase database) throws SQLException {
    var random = new Random(5);
    var rows = new ArrayList<Row>();
    try (Connection connection = database.dataSource().getConnection();
        var notification =
            connection.prepareStatement(
                """
            INSERT INTO notification (id, merchant_id, channel, order_no, payment_status, amount, currency, notify_url,
              extra, retry_policy, idempotency_key, fingerprint, status, attempts, max_attempts, next_attempt_at, due_at,
              lease_until, created_at, updated_at, completed_at, version)
            VALUES (?, ?, ?, ?, 'SUCCESS', 100.00, 'CNY', 'https://merchant.example/notify', '{}', 'standard', ?, ?, ?, ?, 6,
              ?, ?, ?, ?, ?, ?, 1)""");
        var attempt =
            connection.prepareStatement(
                """
            INSERT INTO attempt (notification_id, number, started_at, duration_ms, http_status, response)
            VALUES (?, ?, ?, ?, 200, 'success')""")) {
      for (int i = 0; i < 600; i++) {
        var id = "ntf_old_" + i;
        var merchant = MERCHANTS[random.nextInt(MERCHANTS.length)];
        var channel = CHANNELS[random.nextInt(CHANNELS.length)];
        var status = STATUSES[random.nextInt(STATUSES.length)];
        var createdAt = T0.plusMillis(random.nextLong(Duration.ofDays(1).toMillis()));
        var completedAt =
            status.ended() ? createdAt.plusMillis(random.nextLong(1, 3_600_000)) : null;
        int attempts = random.nextInt(4);
        var durations = new ArrayList<Long>();
        var starts = new ArrayList<Instant>();
        for (int number = 1; number <= attempts; number++) {
          durations.add(random.nextInt(10) == 0 ? random.nextLong(8) : random.nextLong(8, 20_000));
          starts.add(createdAt.plusSeconds(number * 90L));
        }
        rows.add(new Row(id, merchant, channel, status, createdAt, completedAt, durations, starts));
        int p = 0;
        notification.setString(++p, id);
        notification.setString(++p, merchant);
        notification.setString(++p, channel.name());
        notification.setString(++p, "O-" + i);
        notification.setString(++p, "O-" + i + "|SUCCESS");
        notification.setString(++p, "fp-" + i);
        notification.setString(++p, status.name());
        notification.setInt(++p, attempts);
        var due = status.ended() ? null : utc(createdAt.plusSeconds(600));
        notification.setObject(++p, status == NotificationStatus.PENDING ? due : null);
        notification.setObject(++p, due);
        notification.setObject(++p, status == NotificationStatus.DELIVERING ? due : null);
        notification.setObject(++p, utc(createdAt));
        notification.setObject(++p, utc(completedAt != null ? completedAt : createdAt));
        notification.setObject(++p, completedAt == null ? null : utc(completedAt));
        notification.executeUpdate();
        for (int number = 1; number <= attempts; number++) {
          attempt.setString(1, id);
          attempt.setInt(2, number);
          attempt.setObject(3, utc(starts.get(number - 1)));
          attempt.setLong(4, durations.get(number - 1));
          attempt.executeUpdate();
        }
      }
    }
    return rows;
  }

  private static final class Expected {
    final EnumMap<NotificationStatus, Long> byStatus = new EnumMap<>(NotificationStatus.class);
    final TreeMap<Long, Long> durations = new TreeMap<>();
    long attempts;
    long sum;
    long max;
  }

  /** What the scan over the rows answered before V7. */
  private static Expected expected(
      List<Row> rows,
      @Nullable String merchant,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to) {
    var expected = new Expected();
    for (var status : STATUSES) {
      expected.byStatus.put(status, 0L);
    }
    for (var row : rows) {
      if ((merchant != null && !merchant.equals(row.merchantId()))
          || (channel != null && channel != row.channel())
          || (from != null && row.createdAt().isBefore(from))
          || (to != null && !row.createdAt().isBefore(to))) {
        continue;
      }
      expected.byStatus.merge(row.status(), 1L, Long::sum);
      for (long d : row.durations()) {
        expected.attempts++;
        expected.sum += d;
        expected.max = Math.max(expected.max, d);
        expected.durations.merge(d, 1L, Long::sum);
      }
    }
    return expected;
  }

  private static List<StatsBucket> expectedSeries(
      List<Row> rows, @Nullable String merchant, @Nullable Channel channel, Duration bucket) {
    var counts = new TreeMap<Long, long[]>();
    long size = bucket.toSeconds();
    for (var row : rows) {
      if ((merchant != null && !merchant.equals(row.merchantId()))
          || (channel != null && channel != row.channel())) {
        continue;
      }
      counts
          .computeIfAbsent(
              Math.floorDiv(row.createdAt().getEpochSecond(), size) * size, s -> new long[5])[0]++;
      if (row.completedAt() != null) {
        int slot =
            switch (row.status()) {
              case SUCCEEDED -> 1;
              case FAILED -> 2;
              default -> 3;
            };
        counts
            .computeIfAbsent(
                Math.floorDiv(row.completedAt().getEpochSecond(), size) * size, s -> new long[5])[
            slot]++;
      }
      for (var start : row.startedAt()) {
        counts
            .computeIfAbsent(Math.floorDiv(start.getEpochSecond(), size) * size, s -> new long[5])[
            4]++;
      }
    }
    var series = new ArrayList<StatsBucket>();
    counts.forEach(
        (start, c) ->
            series.add(
                new StatsBucket(Instant.ofEpochSecond(start), c[0], c[1], c[2], c[3], c[4])));
    return series;
  }

  private static @Nullable LocalDateTime utc(@Nullable Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
