package com.paynotify.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * With 100 days of minute statistics analysed, the purge's bounded delete of the oldest few days
 * reads the primary key, which {@code bucket_start} leads, never the whole table: on PostgreSQL and
 * on MariaDB, as each explains it.
 */
class StatsPurgePlanTest {
  /** 144,000 minutes, one row each: 100 days. */
  private static final int MINUTES = 144_000;

  /** Three days in: about 3% of the rows are older. */
  private static final Instant BEFORE = Instant.parse("2026-01-04T00:00:00Z");

  @Test
  void onPostgresTheDeleteScansThePrimaryKey() throws SQLException {
    try (var database = TestDatabases.postgres()) {
      JdbcSchema.migrate(database.dataSource());
      PlanQueries.execute(
          database,
          """
          INSERT INTO stats_rollup (bucket_start, merchant_id, channel, slot, created)
          SELECT TIMESTAMP '2026-01-01 00:00:00' + g.x * INTERVAL '1 minute', 'm' || (g.x %% 7), 'WEBHOOK', g.x %% 8, 1
          FROM GENERATE_SERIES(0, %d) AS g(x)"""
              .formatted(MINUTES - 1));
      PlanQueries.execute(database, "VACUUM (ANALYZE) stats_rollup");

      var plan = explain(database, Dialect.POSTGRESQL);

      assertThat(plan).doesNotContain("Seq Scan").contains("pk_stats_rollup");
    }
  }

  @Test
  void onMariaDbTheDeleteIsARangeOfThePrimaryKey() throws SQLException {
    try (var database = TestDatabases.mariadb()) {
      JdbcSchema.migrate(database.dataSource());
      PlanQueries.execute(
          database,
          """
          INSERT INTO stats_rollup (bucket_start, merchant_id, channel, slot, created)
          SELECT TIMESTAMP '2026-01-01 00:00:00' + INTERVAL s.seq MINUTE, CONCAT('m', s.seq %% 7), 'WEBHOOK', s.seq %% 8, 1
          FROM seq_0_to_%d s"""
              .formatted(MINUTES - 1));
      PlanQueries.execute(database, "ANALYZE TABLE stats_rollup");

      var plan = explain(database, Dialect.MYSQL);

      assertThat(plan).contains("type=range").contains("key=PRIMARY");
    }
  }

  private static String explain(TestDatabase database, Dialect dialect) throws SQLException {
    return PlanQueries.text(
        database,
        "EXPLAIN " + JdbcStatsRetention.purgeSql(dialect),
        LocalDateTime.ofInstant(BEFORE, ZoneOffset.UTC),
        JdbcStatsRetention.DEFAULT_BATCH_SIZE);
  }
}
