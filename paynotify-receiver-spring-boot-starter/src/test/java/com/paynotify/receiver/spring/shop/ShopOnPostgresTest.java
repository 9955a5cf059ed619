package com.paynotify.receiver.spring.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.IdempotencyStore;
import com.paynotify.receiver.spring.SpringJdbcIdempotencyStore;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop's orders and the receiver's records in one PostgreSQL database, one transaction. */
class ShopOnPostgresTest extends ShopEndToEndContract {
  private static final Merchant merchant = Merchant.register();

  /** Dropped by its exit hook, once @DirtiesContext has closed the shop. */
  private static TestDatabase database;

  @Autowired IdempotencyStore store;

  @DynamicPropertySource
  static void shop(DynamicPropertyRegistry registry) {
    database = TestDatabases.postgres();
    registry.add("spring.datasource.url", database::jdbcUrl);
    registry.add("spring.datasource.username", database::username);
    registry.add("spring.datasource.password", database::password);
    // Each request holds a connection while a copy waits, and the claim takes another.
    registry.add("spring.datasource.hikari.maximum-pool-size", () -> 2 * COPIES + 4);
    merchant.addTo(registry);
  }

  @Override
  Merchant merchant() {
    return merchant;
  }

  @Test
  void aHandlerFailingAfterItsOwnTransactionalUpdateIsUndoneWithTheDoneMark() {
    var orderNo = placeOrder(Channel.WEBHOOK, "42.00");
    orders.failShipmentOnce(orderNo);

    var id = notifyPaid(Channel.WEBHOOK, orderNo, "42.00");
    var done = awaitSucceeded(id);

    assertThat(store).isInstanceOf(SpringJdbcIdempotencyStore.class);
    assertThat(done.json().get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(orders.find(orderNo))
        .get()
        .extracting(ShopOrders.Order::updates)
        .as(
            "markPaid joined the receiver's transaction, so the failed attempt's update was rolled back")
        .isEqualTo(1);
  }
}
