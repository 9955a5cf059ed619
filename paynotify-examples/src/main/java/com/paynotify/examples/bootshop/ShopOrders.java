package com.paynotify.examples.bootshop;

import com.paynotify.channel.PaymentStatus;
import com.paynotify.receiver.ReceivedNotification;
import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's {@code orders} table. {@code updates} counts every change a callback made, so one
 * processed twice shows as 2: the update is deliberately not idempotent on its own.
 */
@Service
public class ShopOrders {
  private final JdbcTemplate jdbc;
  private final Warehouse warehouse;

  /** One order as stored. */
  public record Order(
      String orderNo,
      BigDecimal amount,
      String status,
      @Nullable String transactionId,
      int updates) {}

  public ShopOrders(JdbcTemplate jdbc, Warehouse warehouse) {
    this.jdbc = jdbc;
    this.warehouse = warehouse;
    jdbc.execute(
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
    jdbc.update(
        "INSERT INTO orders (order_no, amount, status, updates) VALUES (?, ?, 'NEW', 0)",
        orderNo,
        amount);
  }

  /** The order, if there is one. */
  public Optional<Order> find(String orderNo) {
    return jdbc
        .query(
            "SELECT order_no, amount, status, transaction_id, updates FROM orders WHERE order_no = ?",
            (row, i) ->
                new Order(
                    row.getString(1),
                    row.getBigDecimal(2),
                    row.getString(3),
                    row.getString(4),
                    row.getInt(5)),
            orderNo)
        .stream()
        .findFirst();
  }

  Optional<String> refusal(ReceivedNotification notification) {
    var order = find(notification.orderNo());
    if (order.isEmpty()) {
      return Optional.of("no order " + notification.orderNo());
    }
    return order.get().amount().compareTo(notification.amount()) == 0
        ? Optional.empty()
        : Optional.of("amount differs from order " + notification.orderNo());
  }

  /**
   * Records the payment result and ships. {@code @Transactional} joins the receiver's transaction
   * when the store is JDBC, so the update commits with the DONE mark or not at all.
   */
  @Transactional
  public void recordPayment(ReceivedNotification notification) throws Exception {
    var updated =
        jdbc.update(
            "UPDATE orders SET status = ?, transaction_id = ?, updates = updates + 1 WHERE order_no = ?",
            statusOf(notification.paymentStatus()),
            notification.transactionId(),
            notification.orderNo());
    if (updated != 1) {
      throw new IllegalStateException("order " + notification.orderNo() + " vanished");
    }
    warehouse.ship(notification);
  }

  private static String statusOf(PaymentStatus status) {
    return switch (status) {
      case SUCCESS -> "PAID";
      case REFUNDED -> "REFUNDED";
      default -> "CLOSED";
    };
  }
}
