package com.paynotify.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plans PostgreSQL picks for the store's statements on a populated table: 200,000
 * notifications, nearly all ended, 1.5% waiting or in flight. Every statement on a hot or periodic
 * path, and every search, is an index scan, never a sequential scan of the table, both as a custom
 * plan for its values and as the generic plan a prepared statement ends up with; the one exception,
 * a count of SUCCEEDED, nearly every row, stops at its limit.
 *
 * <p>The statements are the store's, written out again with their parameters: a change to one in
 * {@link JdbcDeliveryQueue} or {@link JdbcNotificationReports} should be made here too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresQueryPlanTest {
  private static final int ROWS = 200_000;

  /**
   * 100 merchants, 4 channels, two events per order; per thousand: 970 SUCCEEDED, 10 FAILED, 5
   * ABANDONED, 14 PENDING (10 due), 1 DELIVERING.
   */
  private static final String FILL =
      """
      INSERT INTO notification (id, merchant_id, channel, order_no, payment_status, amount, currency, notify_url,
        extra, retry_policy, idempotency_key, fingerprint, status, attempts, max_attempts, next_attempt_at,
        lease_until, due_at, created_at, updated_at, completed_at, version)
      SELECT 'ntf_' || g, 'm' || MOD(g, 100), (ARRAY['ALIPAY', 'WECHAT_V3', 'WECHAT_V2', 'WEBHOOK'])[1 + MOD(g, 4)],
        'ORD-' || (g / 2), 'SUCCESS', 100.00, 'CNY', 'https://shop.example/notify', '{}', 'standard', 'k' || g,
        'f' || g, s.status, 1, 6,
        CASE WHEN s.status = 'PENDING' THEN s.due END, CASE WHEN s.status = 'DELIVERING' THEN s.due END,
        CASE WHEN s.status IN ('PENDING', 'DELIVERING') THEN s.due END,
        TIMESTAMP '2026-11-01' + g * INTERVAL '2 second', TIMESTAMP '2026-11-01' + g * INTERVAL '2 second',
        CASE WHEN s.status NOT IN ('PENDING', 'DELIVERING')
          THEN TIMESTAMP '2026-11-01' + g * INTERVAL '2 second' + INTERVAL '1 second' END, 2
      FROM GENERATE_SERIES(1, ?) g
      CROSS JOIN LATERAL (SELECT
        CASE WHEN MOD(g, 1000) < 970 THEN 'SUCCEEDED' WHEN MOD(g, 1000) < 980 THEN 'FAILED'
          WHEN MOD(g, 1000) < 985 THEN 'ABANDONED' WHEN MOD(g, 1000) < 999 THEN 'PENDING' ELSE 'DELIVERING' END AS status,
        CASE WHEN MOD(g, 1000) < 995 THEN TIMESTAMP '2026-12-01' + MOD(g, 600) * INTERVAL '1 second'
          ELSE TIMESTAMP '2026-12-03' + MOD(g, 600) * INTERVAL '1 second' END AS due) s""";

  /** Two history entries per payment, each linked to one of the notifications above. */
  private static final String FILL_PAYMENT_CHANGES =
      """
      INSERT INTO payment_change (merchant_id, payment_id, number, to_status, notification_id, changed_at)
      SELECT 'm' || MOD(g, 100), 'pay-' || (g / 2), MOD(g, 2), 'SUCCESS', 'ntf_' || g, TIMESTAMP '2026-11-01'
      FROM GENERATE_SERIES(1, ?) g""";

  private TestDatabase database;

  @BeforeAll
  void fillATable() throws SQLException {
    database = TestDatabases.postgres();
    JdbcSchema.migrate(database.dataSource());
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement();
        var fill = connection.prepareStatement(FILL)) {
      fill.setInt(1, ROWS);
      fill.executeUpdate();
      try (var changes = connection.prepareStatement(FILL_PAYMENT_CHANGES)) {
        changes.setInt(1, ROWS);
        changes.executeUpdate();
      }
      statement.execute("VACUUM ANALYZE notification");
      statement.execute("VACUUM ANALYZE payment_change");
    }
  }

  @AfterAll
  void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @ParameterizedTest(name = "{0} uses {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
      claim                  | SELECT id FROM notification n WHERE n.due_at <= $1 ORDER BY n.due_at LIMIT $2 FOR UPDATE SKIP LOCKED | ix_notification_due | '2026-12-02', 200
      per-order check        | SELECT id, merchant_id, order_no, seq, due_at, next_attempt_at, status FROM notification WHERE order_no IN ($1, $2) | ix_notification_order_no | 'ORD-100', 'ORD-4000'
      due gauge              | SELECT COUNT(*) FROM notification WHERE due_at <= $1 AND status = 'PENDING' | ix_notification_due | '2026-12-02'
      delivering gauge       | SELECT COUNT(*) FROM notification WHERE status = 'DELIVERING' | ix_notification_status_created_seq |
      oldest due             | SELECT MIN(due_at) AS oldest FROM notification WHERE due_at <= $1 AND status = 'PENDING' | ix_notification_due | '2026-12-02'
      active count           | SELECT COUNT(*) FROM notification WHERE status IN ('PENDING', 'DELIVERING') | ix_notification_status_created_seq |
      purge                  | SELECT id FROM notification WHERE status IN ('SUCCEEDED', 'ABANDONED') AND completed_at < $1 ORDER BY completed_at LIMIT $2 FOR UPDATE SKIP LOCKED | ix_notification_completed | '2026-11-02', 500
      idempotency lookup     | SELECT id FROM notification WHERE merchant_id = $1 AND idempotency_key = $2 | uk_notification_idempotency | 'm5', 'k105'
      search, newest         | SELECT id FROM notification ORDER BY created_at DESC, seq DESC LIMIT $1 OFFSET $2 | ix_notification_created | 50, 0
      search by status       | SELECT id FROM notification WHERE status = 'FAILED' ORDER BY created_at DESC, seq DESC LIMIT $1 OFFSET $2 | ix_notification_status_created_seq | 50, 0
      count by status        | SELECT COUNT(*) FROM (SELECT 1 FROM notification WHERE status = 'FAILED' LIMIT $1) counted | ix_notification_status_created_seq | 10001
      search for SUCCEEDED   | SELECT id FROM notification WHERE status = 'SUCCEEDED' ORDER BY created_at DESC, seq DESC LIMIT $1 OFFSET $2 | ix_notification_created | 50, 0
      needs a retry          | SELECT id FROM notification WHERE status = 'PENDING' AND attempts > 0 ORDER BY created_at DESC, seq DESC LIMIT $1 OFFSET $2 | ix_notification_status_created_seq | 50, 0
      count needing a retry  | SELECT COUNT(*) FROM (SELECT 1 FROM notification WHERE status = 'PENDING' AND attempts > 0 LIMIT $1) counted | ix_notification_status_created_seq | 10001
      merchant needs a retry | SELECT id FROM notification WHERE merchant_id = $1 AND status = 'PENDING' AND attempts > 0 ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3 | ix_notification_merchant_status_created | 'm75', 50, 0
      retry, keyset page     | SELECT id FROM notification WHERE status = 'PENDING' AND attempts > 0 AND created_at <= $1 AND (created_at < $2 OR (created_at = $3 AND seq < $4)) ORDER BY created_at DESC, seq DESC LIMIT $5 OFFSET $6 | ix_notification_status_created_seq | '2026-11-02', '2026-11-02', '2026-11-02', 40000, 50, 0
      search by merchant     | SELECT id FROM notification WHERE merchant_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3 | ix_notification_merchant_created_seq | 'm5', 50, 0
      merchant and status    | SELECT id FROM notification WHERE merchant_id = $1 AND status = 'FAILED' ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3 | ix_notification_merchant_status_created | 'm75', 50, 0
      count merchant, status | SELECT COUNT(*) FROM (SELECT 1 FROM notification WHERE merchant_id = $1 AND status = 'FAILED' LIMIT $2) counted | ix_notification_merchant_status_created | 'm75', 10001
      merchant, SUCCEEDED    | SELECT id FROM notification WHERE merchant_id = $1 AND status = 'SUCCEEDED' ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3 | ix_notification_merchant_created_seq | 'm5', 50, 0
      count merchant, SUCCEEDED | SELECT COUNT(*) FROM (SELECT 1 FROM notification WHERE merchant_id = $1 AND status = 'SUCCEEDED' LIMIT $2) counted | Index Only Scan using ix_notification_merchant_created_seq | 'm5', 10001
      keyset page            | SELECT id FROM notification WHERE merchant_id = $1 AND status = 'FAILED' AND created_at <= $2 AND (created_at < $3 OR (created_at = $4 AND seq < $5)) ORDER BY created_at DESC, seq DESC LIMIT $6 OFFSET $7 | ix_notification_merchant_status_created | 'm75', '2026-11-02', '2026-11-02', '2026-11-02', 40000, 50, 0
      search by order        | SELECT id FROM notification WHERE order_no = $1 ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3 | ix_notification_order_no | 'ORD-100', 50, 0
      search by payment      | SELECT id FROM notification WHERE id IN (SELECT c.notification_id FROM payment_change c WHERE c.payment_id = $1 AND c.notification_id IS NOT NULL) ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3 | ix_payment_change_payment | 'pay-100', 50, 0
      """)
  void isAnIndexScan(String statement, String sql, String index, String values)
      throws SQLException {
    for (var mode : List.of("force_custom_plan", "force_generic_plan")) {
      var plan = plan("EXPLAIN (COSTS OFF)", sql, values == null ? "" : values, mode);

      assertThat(plan)
          .as("%s plan of %s", mode, statement)
          .contains(index)
          .doesNotContain("Seq Scan");
    }
  }

  @Test
  void aCountOfSucceededStopsAtTheLimit() throws SQLException {
    // Nearly every row is SUCCEEDED, so PostgreSQL reads rows in any order and stops at the limit.
    var plan =
        plan(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF)",
            "SELECT COUNT(*) FROM (SELECT 1 FROM notification WHERE status = 'SUCCEEDED' LIMIT $1) counted",
            "10001",
            "force_generic_plan");

    assertThat(plan).containsPattern("Scan .*on notification \\(actual rows=10001 loops=1\\)");
  }

  /** The plan of {@code sql} run with {@code values} as a prepared statement under {@code mode}. */
  private String plan(String explain, String sql, String values, String mode) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      try {
        statement.execute("SET LOCAL plan_cache_mode = " + mode);
        // Untyped parameters: each takes its column's type, as a bound JDBC parameter does.
        statement.execute("PREPARE planned AS " + sql);
        var lines = new ArrayList<String>();
        var execute = values.isBlank() ? "EXECUTE planned" : "EXECUTE planned(" + values + ")";
        try (var rows = statement.executeQuery(explain + " " + execute)) {
          while (rows.next()) {
            lines.add(rows.getString(1));
          }
        }
        return String.join("\n", lines);
      } finally {
        connection.rollback();
        statement.execute("DEALLOCATE ALL");
        connection.setAutoCommit(true);
      }
    }
  }
}
