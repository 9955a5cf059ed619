package com.paynotify.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.ReceivedCallback;
import com.paynotify.receiver.jdbc.JdbcIdempotencyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Same-transaction mode: the merchant's business update and the DONE mark commit or roll back
 * together, and a concurrent duplicate never aborts the merchant's transaction. Subclasses run it
 * on a real database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SameTransactionContract {
  static final Duration LEASE = Duration.ofSeconds(30);

  DataSource dataSource;
  JdbcIdempotencyStore store;
  MutableClock clock;
  RecordingMetrics metrics;
  String orderNo;
  String notifyId;

  abstract DataSource openDatabase() throws Exception;

  abstract void closeDatabase() throws Exception;

  @BeforeAll
  void open() throws Exception {
    dataSource = openDatabase();
    store = JdbcIdempotencyStore.create(dataSource);
    store.createSchemaIfMissing();
    try (var c = dataSource.getConnection();
        var s = c.createStatement()) {
      s.execute(
          "CREATE TABLE shop_order (order_no VARCHAR(64) PRIMARY KEY, paid_count INT NOT NULL)");
    }
  }

  @AfterAll
  void close() throws Exception {
    if (dataSource != null) {
      closeDatabase();
    }
  }

  @BeforeEach
  void anUnpaidOrder() throws SQLException {
    clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    metrics = new RecordingMetrics();
    notifyId = "evt_" + TestServers.randomSuffix();
    orderNo = "ORDER-" + notifyId;
    try (var c = dataSource.getConnection();
        var ps =
            c.prepareStatement("INSERT INTO shop_order (order_no, paid_count) VALUES (?, 0)")) {
      ps.setString(1, orderNo);
      ps.executeUpdate();
    }
  }

  NotificationReceiver receiver() {
    return NotificationReceiver.builder(
            WebhookVerifier.of(List.of(Deliveries.SECRET), clock), store)
        .clock(clock)
        .lease(LEASE)
        .inProgressWait(Duration.ZERO, Duration.ofMillis(10))
        .metrics(metrics)
        .build();
  }

  ReceivedCallback delivery() {
    return Deliveries.webhook(notifyId, orderNo, "100.00", clock.instant());
  }

  void markPaid(Connection connection) throws SQLException {
    try (var ps =
        connection.prepareStatement(
            "UPDATE shop_order SET paid_count = paid_count + 1 WHERE order_no = ?")) {
      ps.setString(1, orderNo);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  int paidCount() throws SQLException {
    try (var c = dataSource.getConnection();
        var ps = c.prepareStatement("SELECT paid_count FROM shop_order WHERE order_no = ?")) {
      ps.setString(1, orderNo);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  Receipt deliverInTransaction(
      NotificationReceiver receiver, TransactionalNotificationHandler handler) throws SQLException {
    try (var connection = dataSource.getConnection()) {
      return receiver.handleInTransaction(delivery(), connection, handler);
    }
  }

  @Test
  void aDeliveryAfterCloseLeavesTheBusinessAndTheStoreUntouched() throws Exception {
    var receiver = receiver();
    receiver.close();

    var receipt = deliverInTransaction(receiver, (n, c) -> markPaid(c));

    assertThat(receipt.outcome()).isEqualTo(Outcome.CLOSED);
    assertThat(receipt.reply().status()).isEqualTo(503);
    assertThat(paidCount()).isZero();
    assertThat(store.find(DedupKeys.webhook(notifyId))).isEmpty();
  }

  @Test
  void theBusinessUpdateAndTheDoneMarkCommitTogether() throws Exception {
    try (var receiver = receiver()) {
      var receipt = deliverInTransaction(receiver, (n, c) -> markPaid(c));
      var again = deliverInTransaction(receiver, (n, c) -> markPaid(c));

      assertThat(receipt.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE_DONE);
      assertThat(paidCount()).isEqualTo(1);
      assertThat(store.find(DedupKeys.webhook(notifyId)))
          .get()
          .extracting(IdempotencyRecord::state)
          .isEqualTo(IdempotencyRecord.State.DONE);
    }
  }

  @Test
  void aFailingHandlerRollsBackItsUpdateAndReleasesTheRecord() throws Exception {
    try (var receiver = receiver()) {
      var receipt =
          deliverInTransaction(
              receiver,
              (n, c) -> {
                markPaid(c);
                throw new IllegalStateException("ledger refused");
              });

      assertThat(receipt.outcome()).isEqualTo(Outcome.RELEASED_ON_FAILURE);
      assertThat(paidCount()).isZero();
      assertThat(store.find(DedupKeys.webhook(notifyId))).isEmpty();
      assertThat(deliverInTransaction(receiver, (n, c) -> markPaid(c)).outcome())
          .isEqualTo(Outcome.PROCESSED);
      assertThat(paidCount()).isEqualTo(1);
    }
  }

  @Test
  void aTakeoverDuringTheHandlerRollsBackTheLateOwnersUpdate() throws Exception {
    try (var receiver = receiver()) {
      var receipt =
          deliverInTransaction(
              receiver,
              (n, c) -> {
                markPaid(c);
                clock.advance(
                    LEASE.plusSeconds(1)); // a long pause; another node takes the claim over
                assertThat(
                        store.claim(
                            n.dedupKey(), n.fingerprint(), "new-owner", clock.instant(), LEASE))
                    .isEqualTo(new IdempotencyStore.Claim.Acquired(true));
              });

      assertThat(receipt.outcome()).isEqualTo(Outcome.LEASE_LOST);
      assertThat(paidCount()).as("the late owner's update was rolled back").isZero();
      assertThat(store.find(DedupKeys.webhook(notifyId)))
          .get()
          .extracting(IdempotencyRecord::ownerToken)
          .isEqualTo("new-owner");
    }
  }

  @Test
  void concurrentDuplicatesNeverAbortTheMerchantsOpenTransaction() throws Exception {
    var duplicates = new ArrayList<Future<Receipt>>();
    var duplicateRuns = new AtomicInteger();
    try (var nodeA = receiver();
        var nodeB = receiver();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var receipt =
          deliverInTransaction(
              nodeA,
              (n, c) -> {
                markPaid(c);
                for (var i = 0; i < 10; i++) {
                  var inTransaction = i % 2 == 0;
                  Callable<Receipt> duplicate =
                      () -> {
                        if (inTransaction) {
                          try (var other = dataSource.getConnection()) {
                            return nodeB.handleInTransaction(
                                delivery(), other, (m, oc) -> duplicateRuns.incrementAndGet());
                          }
                        }
                        return nodeB.handle(delivery(), m -> duplicateRuns.incrementAndGet());
                      };
                  duplicates.add(threads.submit(duplicate));
                }
                for (var d : duplicates) {
                  d.get(10, TimeUnit.SECONDS);
                }
                try (var ps =
                    c.prepareStatement("SELECT paid_count FROM shop_order WHERE order_no = ?")) {
                  ps.setString(1, orderNo);
                  try (var rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1))
                        .as("the transaction is alive and sees its own update")
                        .isEqualTo(1);
                  }
                }
              });

      assertThat(receipt.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(duplicates)
          .allSatisfy(
              d -> assertThat(d.resultNow().outcome()).isEqualTo(Outcome.DUPLICATE_IN_PROGRESS));
      assertThat(duplicateRuns).hasValue(0);
      assertThat(paidCount()).isEqualTo(1);
    }
  }

  @Test
  void twoTransactionsMarkingTheSameFreeKeyNeverRaiseADuplicateKeyError() throws Exception {
    var key = DedupKeys.webhook(notifyId);
    var now = clock.instant();
    try (var first = dataSource.getConnection();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      first.setAutoCommit(false);
      assertThat(
              store.completeInTransaction(
                  first, key, "first", "fp", now, now.plus(Duration.ofDays(7))))
          .isTrue();

      var second =
          threads.submit(
              () -> {
                try (var c = dataSource.getConnection()) {
                  c.setAutoCommit(false);
                  var marked =
                      store.completeInTransaction(
                          c, key, "second", "fp", now, now.plus(Duration.ofDays(7)));
                  markPaid(c); // the transaction is still usable after the duplicate
                  c.commit();
                  return marked;
                }
              });
      Thread.sleep(300); // the second blocks on the first's uncommitted row
      first.commit();

      assertThat(second.get(10, TimeUnit.SECONDS)).as("the key was taken").isFalse();
      assertThat(paidCount()).as("the second transaction committed").isEqualTo(1);
      assertThat(store.find(key))
          .get()
          .extracting(IdempotencyRecord::ownerToken)
          .isEqualTo("first");
    }
  }

  @Test
  void whenTheFirstTransactionRollsBackTheSecondMarksTheKey() throws Exception {
    var key = DedupKeys.webhook(notifyId);
    var now = clock.instant();
    try (var first = dataSource.getConnection();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      first.setAutoCommit(false);
      store.completeInTransaction(first, key, "first", "fp", now, now.plus(Duration.ofDays(7)));

      var second =
          threads.submit(
              () -> {
                try (var c = dataSource.getConnection()) {
                  c.setAutoCommit(false);
                  var marked =
                      store.completeInTransaction(
                          c, key, "second", "fp", now, now.plus(Duration.ofDays(7)));
                  c.commit();
                  return marked;
                }
              });
      Thread.sleep(300);
      first.rollback();

      assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(store.find(key))
          .get()
          .extracting(IdempotencyRecord::ownerToken)
          .isEqualTo("second");
    }
  }
}
