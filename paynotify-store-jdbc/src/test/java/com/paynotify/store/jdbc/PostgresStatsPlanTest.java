package com.paynotify.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, with a week of notifications and attempts analysed, no statement of {@code stats}
 * or {@code series} plans a sequential scan of {@code notification} or {@code attempt}: their cost
 * follows the minutes asked for, not the rows stored. Each statement the store runs is recorded
 * with its parameters and explained as it was run.
 */
class PostgresStatsPlanTest {
  private static final Pattern TABLE_SCAN =
      Pattern.compile("Seq Scan on (notification|attempt)\\b");
  private static final int ROWS = 100_000;

  private record Run(String sql, Map<Integer, Object[]> parameters) {}

  @Test
  void statsAndSeriesReadNeitherTheNotificationsNorTheAttemptsInFull() throws SQLException {
    try (var database = TestDatabases.postgres()) {
      var end = Instant.parse("2026-03-08T00:00:00Z");
      Flyway.configure()
          .dataSource(database.dataSource())
          .locations(Dialect.POSTGRESQL.migrationLocation())
          .target("5")
          .load()
          .migrate();
      fill(database, end.minus(Duration.ofDays(7)));
      JdbcSchema.migrate(database.dataSource());
      PlanQueries.execute(database, "VACUUM (ANALYZE) notification");
      PlanQueries.execute(database, "VACUUM (ANALYZE) attempt");
      PlanQueries.execute(database, "VACUUM (ANALYZE) stats_rollup");
      var runs = new ArrayList<Run>();
      var store =
          new JdbcNotificationReports(recording(database.dataSource(), runs), Dialect.POSTGRESQL);

      var from = end.minus(Duration.ofDays(7)).plusMillis(12_345);
      var to = end.minusMillis(4_321);
      store.stats(null, null, from, to);
      store.stats("bench", Channel.WEBHOOK, from, to);
      var allTime = store.stats(null, null, null, null);
      store.series(null, null, from, to, Duration.ofHours(1));
      store.series("bench", null, from, to, Duration.ofMinutes(1));

      assertThat(allTime.total()).isEqualTo(ROWS);
      assertThat(runs).isNotEmpty();
      for (var run : runs) {
        var plan = explain(database, run);
        assertThat(TABLE_SCAN.matcher(plan).find())
            .as("plan of %s:%n%s", run.sql(), plan)
            .isFalse();
      }
    }
  }

  /** A week of ended notifications, each with one attempt, as TableFill writes them. */
  private static void fill(TestDatabase database, Instant start) {
    long step = Duration.ofDays(7).toMillis() / ROWS;
    PlanQueries.execute(
        database,
        """
        INSERT INTO notification (id, merchant_id, channel, order_no, payment_status, amount, currency, notify_url, extra,
          retry_policy, idempotency_key, fingerprint, status, attempts, max_attempts, created_at, updated_at, completed_at, version)
        SELECT 'ntf_' || g.x, 'bench', 'WEBHOOK', 'O-' || g.x, 'SUCCESS', 100.00, 'CNY', 'https://merchant.example/notify', '{}',
          'standard', 'O-' || g.x || '|SUCCESS', 'fp-' || g.x, CASE WHEN g.x %% 50 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END, 1, 6,
          TIMESTAMP '%s' + g.x * %d * INTERVAL '1 millisecond', TIMESTAMP '%s' + (g.x * %d + 50) * INTERVAL '1 millisecond',
          TIMESTAMP '%s' + (g.x * %d + 50) * INTERVAL '1 millisecond', 2
        FROM GENERATE_SERIES(0, %d) AS g(x)"""
            .formatted(ts(start), step, ts(start), step, ts(start), step, ROWS - 1));
    PlanQueries.execute(
        database,
        """
        INSERT INTO attempt (notification_id, number, started_at, duration_ms, http_status, response)
        SELECT 'ntf_' || g.x, 1, TIMESTAMP '%s' + (g.x * %d + 10) * INTERVAL '1 millisecond', 5 + g.x %% 200, 200, 'success'
        FROM GENERATE_SERIES(0, %d) AS g(x)"""
            .formatted(ts(start), step, ROWS - 1));
  }

  private static String explain(TestDatabase database, Run run) throws SQLException {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.prepareStatement("EXPLAIN " + run.sql())) {
      for (var parameter : run.parameters().entrySet()) {
        statement.setObject(parameter.getKey(), parameter.getValue()[0]);
      }
      var plan = new StringBuilder();
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      }
      return plan.toString();
    }
  }

  /** A data source whose prepared statements record their SQL and parameters in {@code runs}. */
  private static DataSource recording(DataSource target, List<Run> runs) {
    return (DataSource)
        Proxy.newProxyInstance(
            PostgresStatsPlanTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              var result = invoke(method, target, args);
              if (!method.getName().equals("getConnection")) {
                return result;
              }
              var connection = (Connection) result;
              return Proxy.newProxyInstance(
                  PostgresStatsPlanTest.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (c, m, a) -> {
                    var made = invoke(m, connection, a);
                    if (!m.getName().equals("prepareStatement")
                        || !((String) a[0]).strip().startsWith("SELECT")) {
                      return made;
                    }
                    var run = new Run((String) a[0], new TreeMap<>());
                    runs.add(run);
                    var statement = (PreparedStatement) made;
                    return Proxy.newProxyInstance(
                        PostgresStatsPlanTest.class.getClassLoader(),
                        new Class<?>[] {PreparedStatement.class},
                        (s, sm, sa) -> {
                          if (sm.getName().startsWith("set")
                              && sa != null
                              && sa.length >= 2
                              && sa[0] instanceof Integer index) {
                            run.parameters()
                                .put(
                                    index,
                                    new Object[] {sm.getName().equals("setNull") ? null : sa[1]});
                          }
                          return invoke(sm, statement, sa);
                        });
                  });
            });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String ts(Instant instant) {
    return instant.toString().replace('T', ' ').replace("Z", "");
  }
}
