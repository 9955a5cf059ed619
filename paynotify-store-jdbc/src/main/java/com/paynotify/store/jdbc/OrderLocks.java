package com.paynotify.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Makes creates of the same order take turns until they commit, so that each one's order check sees
 * what a concurrent create of that order wrote, and the one committed first is numbered first.
 * Without it two creates of one order, on two nodes or on one, each find the order free and both
 * lease: two events of one order in flight at once.
 *
 * <p>PostgreSQL takes one transaction advisory lock per order, in one global order of their keys,
 * so two creates never wait on each other in a cycle. H2 and MySQL lock the one row of {@code
 * lease_lock} (V16), so creates take turns there as a whole.
 */
final class OrderLocks {
  /** The first key of Paynotify's advisory locks, apart from other users of the database. */
  static final int ADVISORY_CLASS = 0x504e4f52; // "PNOR"

  private static final String LOCK_ORDERS =
      "SELECT pg_advisory_xact_lock(" + ADVISORY_CLASS + ", k) FROM unnest(?) AS k";

  private static final String LOCK_ROW = "SELECT id FROM lease_lock WHERE id = 1 FOR UPDATE";

  private OrderLocks() {}

  /** Locks the orders (merchant id, order number) in {@code connection}'s transaction. */
  static void lock(Connection connection, Dialect dialect, Collection<List<String>> orders)
      throws SQLException {
    if (orders.isEmpty()) {
      return;
    }
    switch (dialect) {
      case POSTGRESQL -> {
        var keys = orders.stream().map(OrderLocks::key).distinct().sorted().toArray(Integer[]::new);
        Jdbc.query(
            connection,
            LOCK_ORDERS,
            statement -> statement.setArray(1, connection.createArrayOf("int4", keys)),
            row -> 1);
      }
      case H2, MYSQL -> {
        int rows = Jdbc.query(connection, LOCK_ROW, statement -> {}, row -> 1).size();
        if (rows != 1) {
          throw new IllegalStateException(
              "lease_lock matched " + rows + " rows, not 1; this indicates a damaged schema");
        }
      }
    }
  }

  /** An order's lock key; two orders sharing one only wait for each other needlessly. */
  static int key(List<String> order) {
    return (order.get(0) + '\n' + order.get(1)).hashCode();
  }
}
