package com.paynotify.receiver.spring.shop;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.ReceivedNotification;
import com.paynotify.receiver.spring.PaynotifyListener;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's orders. {@code updates} counts every change a callback made, so one processed twice
 * shows as 2. A shipment can be made to fail once per order, after the order was marked.
 */
@Service
public class ShopOrders {
  private final JdbcTemplate jdbc;
  private final Set<String> warehouseDownOnce = ConcurrentHashMap.newKeySet();

  /** One order as stored. */
  public record Order(String orderNo, BigDecimal amount, String status, int updates) {}

  public ShopOrders(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS shop_order (order_no VARCHAR(64) PRIMARY KEY,"
            + " amount DECIMAL(12, 2) NOT NULL, status VARCHAR(16) NOT NULL, updates INT NOT NULL)");
  }

  public void place(String orderNo, BigDecimal amount) {
    jdbc.update("INSERT INTO shop_order VALUES (?, ?, 'NEW', 0)", orderNo, amount);
  }

  public Optional<Order> find(String orderNo) {
    return jdbc
        .query(
            "SELECT order_no, amount, status, updates FROM shop_order WHERE order_no = ?",
            (row, i) ->
                new Order(row.getString(1), row.getBigDecimal(2), row.getString(3), row.getInt(4)),
            orderNo)
        .stream()
        .findFirst();
  }

  /** The shipment of this order fails once. */
  public void failShipmentOnce(String orderNo) {
    warehouseDownOnce.add(orderNo);
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

  /** Marks the order paid, in a transaction of its own unless one is open. */
  @Transactional
  public void markPaid(ReceivedNotification notification) {
    jdbc.update(
        "UPDATE shop_order SET status = 'PAID', updates = updates + 1 WHERE order_no = ?",
        notification.orderNo());
  }

  /** Ships the order; fails once for an order {@link #failShipmentOnce} named. */
  public void ship(ReceivedNotification notification) {
    if (warehouseDownOnce.remove(notification.orderNo())) {
      throw new IllegalStateException("warehouse unavailable");
    }
  }

  /** The Alipay listener: marking and shipping are one transaction whatever the store. */
  @PaynotifyListener(channel = Channel.ALIPAY)
  @Transactional
  public void alipayPaid(ReceivedNotification notification) {
    markPaid(notification);
    ship(notification);
  }
}
