package com.paynotify.examples.shop;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The shop's {@code orders} table. {@code updates} counts every change a payment callback made, so
 * a callback processed twice shows as 2: the business update is deliberately not idempotent on its
 * own, to prove the receiver is what makes it run once.
 */
public final class Orders {
  private final DataSource dataSource;

  /** One order as stored. */
  public record Order(
      String orderNo,
      BigDecimal amount,
      String status,
      @Nullable String transactionId,
      int updates) {}

  public Orders(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Creates the table if it is missing (H2, PostgreSQL and MySQL/MariaDB alike). */
  public void createTableIfMissing() {
    run(
        """
        CREATE TABLE IF NOT EXISTS orders (
          order_no       VARCHAR(64)    NOT NULL PRIMARY KEY,
          amount         DECIMAL(12, 2) NOT NULL,
          status         VARCHAR(16)    NOT NULL,
          transaction_id VARCHAR(64),
          updates        INT            NOT NULL
        )""");
  }

  /** Places a new, unpaid order. */
  public void place(String orderNo, BigDecimal amount) {
    try (var connection = dataSource.getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO orders (order_no, amount, status, updates) VALUES (?, ?, 'NEW', 0)")) {
      insert.setString(1, orderNo);
      insert.setBigDecimal(2, amount);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot place order " + orderNo, e);
    }
  }

  /** The order, if there is one. */
  public Optional<Order> find(String orderNo) {
    try (var connection = dataSource.getConnection();
        var select =
            connection.prepareStatement(
                "SELECT order_no, amount, status, transaction_id, updates FROM orders WHERE order_no = ?")) {
      select.setString(1, orderNo);
      try (var rows = select.executeQuery()) {
        return rows.next()
            ? Optional.of(
                new Order(
                    rows.getString(1),
                    rows.getBigDecimal(2),
                    rows.getString(3),
                    rows.getString(4),
                    rows.getInt(5)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read order " + orderNo, e);
    }
  }

  /**
   * Records the payment result on the caller's connection, inside its transaction: the receiver
   * commits it together with its DONE mark.
   *
   * @return whether the order exists
   */
  static boolean record(
      Connection connection, String orderNo, String status, @Nullable String transactionId)
      throws SQLException {
    try (var update =
        connection.prepareStatement(
            "UPDATE orders SET status = ?, transaction_id = ?, updates = updates + 1"
                + " WHERE order_no = ?")) {
      update.setString(1, status);
      update.setString(2, transactionId);
      update.setString(3, orderNo);
      return update.executeUpdate() == 1;
    }
  }

  private void run(String sql) {
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run: " + sql, e);
    }
  }
}
