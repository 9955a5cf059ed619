package com.paynotify.store.jdbc;

import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The outbox of final outcomes that {@link JdbcDeliveryQueue} writes when it records outcomes: read
 * oldest first and deleted only after they were handed on, so each is published at least once.
 * Several nodes may drain it at once: each takes rows the others have not locked.
 */
public final class JdbcOutcomeOutbox {
  private static final String SELECT_OLDEST =
      """
      SELECT seq, notification_id, merchant_id, order_no, payment_status, status, attempts, last_http_status,
             abandon_reason, created_at, completed_at
      FROM outcome_event
      ORDER BY seq
      LIMIT ?
      FOR UPDATE SKIP LOCKED""";
  private static final String DELETE = "DELETE FROM outcome_event WHERE seq = ?";
  private static final String COUNT = "SELECT COUNT(*) FROM outcome_event";

  static final String INSERT =
      """
      INSERT INTO outcome_event (notification_id, merchant_id, order_no, payment_status, status, attempts,
                                 last_http_status, abandon_reason, created_at, completed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  private final Jdbc jdbc;
  private final Dialect dialect;

  public JdbcOutcomeOutbox(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
    this.dialect = Dialect.of(dataSource);
  }

  /**
   * Hands the oldest outcomes, at most {@code limit}, to {@code publish} and deletes them once it
   * returns. 2 statements in one transaction: a locking select, then a batched delete. If {@code
   * publish} throws, nothing is deleted and the exception is rethrown; the outcomes are handed on
   * again next time.
   *
   * @return how many were handed on and deleted
   */
  public int drain(int limit, Consumer<List<OutcomeEvent>> publish) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit (" + limit + ") must be 1 or more");
    }
    return jdbc.inTransaction(
        "drain outcomes",
        dialect.claimIsolation(),
        connection -> {
          var events =
              Jdbc.query(
                  connection,
                  SELECT_OLDEST,
                  statement -> statement.setInt(1, limit),
                  row ->
                      new OutcomeEvent(
                          row.getLong("seq"),
                          row.getString("notification_id"),
                          row.getString("merchant_id"),
                          row.getString("order_no"),
                          row.getString("payment_status"),
                          row.getString("status"),
                          row.getInt("attempts"),
                          Jdbc.getNullableInt(row, "last_http_status"),
                          row.getString("abandon_reason"),
                          Jdbc.getRequiredInstant(row, "created_at"),
                          Jdbc.getRequiredInstant(row, "completed_at")));
          if (events.isEmpty()) {
            return 0;
          }
          publish.accept(events);
          // The rows are held by this transaction's SELECT ... FOR UPDATE: each is there to delete.
          Jdbc.requireEachBetween(
              Jdbc.batch(
                  connection,
                  DELETE,
                  events,
                  (statement, event) -> statement.setLong(1, event.seq())),
              1,
              1,
              "delete published outcomes");
          return events.size();
        });
  }

  /** Outcomes waiting, for a gauge. */
  public long pending() {
    return jdbc.withConnection(
        "count outcomes", connection -> Jdbc.queryLong(connection, COUNT, statement -> {}));
  }
}
