package com.paynotify.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.IdempotencyRecord;
import com.paynotify.receiver.IdempotencyStore;
import com.paynotify.receiver.NotificationReceiver;
import com.paynotify.receiver.Outcome;
import com.paynotify.receiver.ReceivedNotification;
import com.paynotify.receiver.spring.autoconfigure.PaynotifyReceiverAutoConfiguration;
import com.paynotify.testkit.MutableClock;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The handler joins the application's transaction on PostgreSQL: a {@code @Transactional} business
 * update and the receiver's DONE mark commit together through Boot's transaction manager, or
 * neither happens.
 */
class SpringHandlerTransactionOnPostgresTest {
  private static TestDatabase database;
  private static JdbcTemplate outside;

  private final MutableClock clock = MutableClock.startingAt("2026-12-01T08:00:00Z");

  /** The shop's order service: its update is a counter, so running twice shows as 2. */
  static class Orders {
    private final JdbcTemplate jdbc;

    Orders(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @Transactional
    public void markPaid(ReceivedNotification notification) {
      jdbc.update(
          "UPDATE shop_order SET status = 'PAID', updates = updates + 1 WHERE order_no = ?",
          notification.orderNo());
    }
  }

  @BeforeAll
  static void createDatabase() {
    database = TestDatabases.postgres();
    outside = new JdbcTemplate(database.dataSource());
    outside.execute(
        "CREATE TABLE shop_order (order_no VARCHAR(64) PRIMARY KEY, status VARCHAR(16) NOT NULL,"
            + " updates INT NOT NULL)");
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  private ApplicationContextRunner shop() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class,
                TransactionAutoConfiguration.class,
                PaynotifyReceiverAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=" + database.jdbcUrl(),
            "spring.datasource.username=" + database.username(),
            "spring.datasource.password=" + database.password(),
            "paynotify.receiver.webhook.secrets=" + SignedCallbacks.SECRET.reveal())
        .withBean(InstantSource.class, () -> clock)
        .withBean(Orders.class);
  }

  private static String placeOrder() {
    var orderNo = "O-" + UUID.randomUUID().toString().substring(0, 8);
    outside.update("INSERT INTO shop_order VALUES (?, 'NEW', 0)", orderNo);
    return orderNo;
  }

  private static int updatesOf(String orderNo) {
    return outside.queryForObject(
        "SELECT updates FROM shop_order WHERE order_no = ?", Integer.class, orderNo);
  }

  @Test
  void aTransactionalUpdateAndTheDoneMarkCommitTogether() {
    var orderNo = placeOrder();
    shop()
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);
              var orders = context.getBean(Orders.class);
              var store = context.getBean(IdempotencyStore.class);
              var callback =
                  SignedCallbacks.webhook("evt_" + orderNo, orderNo, "10.00", clock.instant());
              var seenFromOutside = new AtomicInteger(-1);

              var receipt =
                  callbacks.handle(
                      Channel.WEBHOOK,
                      callback,
                      n -> {
                        orders.markPaid(n);
                        seenFromOutside.set(updatesOf(orderNo));
                      });

              assertThat(receipt.outcome()).isEqualTo(Outcome.PROCESSED);
              assertThat(seenFromOutside).as("uncommitted while the handler runs").hasValue(0);
              assertThat(updatesOf(orderNo)).isEqualTo(1);
              assertThat(store.find(receipt.notification().dedupKey()))
                  .get()
                  .extracting(IdempotencyRecord::state)
                  .isEqualTo(IdempotencyRecord.State.DONE);
            });
  }

  @Test
  void aHandlerThatThrowsAfterItsTransactionalUpdateLeavesNeitherTheUpdateNorTheMark() {
    var orderNo = placeOrder();
    shop()
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);
              var orders = context.getBean(Orders.class);
              var store = context.getBean(IdempotencyStore.class);
              var callback =
                  SignedCallbacks.webhook("evt_" + orderNo, orderNo, "10.00", clock.instant());

              var failed =
                  callbacks.handle(
                      Channel.WEBHOOK,
                      callback,
                      n -> {
                        orders.markPaid(n); // committed on its own, were it not joined
                        throw new IllegalStateException("warehouse unavailable");
                      });
              var updatesAfterFailure = updatesOf(orderNo);
              var recordAfterFailure = store.find(failed.notification().dedupKey());
              var retried = callbacks.handle(Channel.WEBHOOK, callback, orders::markPaid);

              assertThat(failed.outcome()).isEqualTo(Outcome.RELEASED_ON_FAILURE);
              assertThat(failed.reply().status()).isEqualTo(503);
              assertThat(updatesAfterFailure).isZero();
              assertThat(recordAfterFailure).isEmpty();
              assertThat(retried.outcome()).isEqualTo(Outcome.PROCESSED);
              assertThat(updatesOf(orderNo)).isEqualTo(1);
            });
  }

  @Test
  void aHandlerThatOutlivedItsLeaseAndWasTakenOverRollsItsUpdateBack() {
    var orderNo = placeOrder();
    shop()
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);
              var orders = context.getBean(Orders.class);
              var store = context.getBean(IdempotencyStore.class);
              var callback =
                  SignedCallbacks.webhook("evt_" + orderNo, orderNo, "10.00", clock.instant());

              var receipt =
                  callbacks.handle(
                      Channel.WEBHOOK,
                      callback,
                      n -> {
                        orders.markPaid(n);
                        clock.tick(NotificationReceiver.DEFAULT_LEASE.plusSeconds(1));
                        // Another node's delivery of the same notification takes the lapsed claim
                        // over.
                        var takeover =
                            store.claim(
                                n.dedupKey(),
                                n.fingerprint(),
                                "other-node",
                                clock.instant(),
                                Duration.ofMinutes(1));
                        assertThat(takeover).isEqualTo(new IdempotencyStore.Claim.Acquired(true));
                      });

              assertThat(receipt.outcome()).isEqualTo(Outcome.LEASE_LOST);
              assertThat(updatesOf(orderNo)).isZero();
              assertThat(store.find(receipt.notification().dedupKey()))
                  .get()
                  .extracting(IdempotencyRecord::ownerToken)
                  .isEqualTo("other-node");
            });
  }

  @Test
  void aCommitThatFailsUndoesBothAndReleasesTheClaimForTheNextDelivery() {
    var orderNo = placeOrder();
    shop()
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);
              var orders = context.getBean(Orders.class);
              var store = context.getBean(IdempotencyStore.class);
              var callback =
                  SignedCallbacks.webhook("evt_" + orderNo, orderNo, "10.00", clock.instant());

              var failed =
                  callbacks.handle(
                      Channel.WEBHOOK,
                      callback,
                      n -> {
                        orders.markPaid(n);
                        TransactionSynchronizationManager.registerSynchronization(
                            new TransactionSynchronization() {
                              @Override
                              public void beforeCommit(boolean readOnly) {
                                throw new IllegalStateException("the commit fails");
                              }
                            });
                      });
              var recordAfterFailure = store.find(failed.notification().dedupKey());
              var updatesAfterFailure = updatesOf(orderNo);
              var retried = callbacks.handle(Channel.WEBHOOK, callback, orders::markPaid);

              assertThat(failed.outcome()).isEqualTo(Outcome.STORE_FAILURE);
              assertThat(failed.reply().status()).isEqualTo(503);
              assertThat(updatesAfterFailure).isZero();
              assertThat(recordAfterFailure)
                  .as("released, not left PROCESSING for a lease")
                  .isEmpty();
              assertThat(retried.outcome()).isEqualTo(Outcome.PROCESSED);
              assertThat(updatesOf(orderNo)).isEqualTo(1);
            });
  }
}
