package com.paynotify.receiver.spring;

import com.paynotify.channel.ReceivedCallback;
import com.paynotify.receiver.Acknowledgement;
import com.paynotify.receiver.NotificationHandler;
import com.paynotify.receiver.NotificationReceiver;
import com.paynotify.receiver.Outcome;
import com.paynotify.receiver.Receipt;
import com.paynotify.receiver.ReceiverMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Runs the handler and the DONE mark in one transaction of the application's {@link
 * PlatformTransactionManager}: the transaction begins when the handler starts (after the claim, so
 * waiting duplicates hold no transaction), the handler's {@code @Transactional} work joins it, the
 * {@link SpringJdbcIdempotencyStore} writes the DONE mark on its connection, and it commits only
 * when the receiver acknowledges. A handler that throws, a lost lease or a failed mark rolls both
 * back; a failed commit releases the claim so the sender's next delivery runs the handler. A
 * transaction already open on the calling thread is joined instead ({@code PROPAGATION_REQUIRED}).
 */
public final class SpringHandlerTransaction implements HandlerTransaction {
  private static final Logger log = LoggerFactory.getLogger(SpringHandlerTransaction.class);

  private final PlatformTransactionManager transactions;
  private final SpringJdbcIdempotencyStore store;
  private final ReceiverMetrics metrics;
  private final TransactionDefinition definition;

  public SpringHandlerTransaction(
      PlatformTransactionManager transactions,
      SpringJdbcIdempotencyStore store,
      ReceiverMetrics metrics) {
    this.transactions = transactions;
    this.store = store;
    this.metrics = metrics;
    var definition = new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRED);
    definition.setName("paynotify-receiver");
    this.definition = definition;
  }

  @Override
  public Receipt handle(
      NotificationReceiver receiver, ReceivedCallback callback, NotificationHandler handler) {
    var delivery = store.begin();
    try {
      var receipt =
          receiver.handle(
              callback,
              notification -> {
                delivery.transaction = transactions.getTransaction(definition);
                delivery.key = notification.dedupKey();
                delivery.fingerprint = notification.fingerprint();
                handler.handle(notification);
              });
      return finish(receiver, receipt, delivery);
    } finally {
      var transaction = delivery.transaction;
      if (transaction != null && !transaction.isCompleted()) {
        transactions.rollback(transaction); // only after an Error: finish() always ends it
      }
      store.end(delivery);
    }
  }

  private Receipt finish(
      NotificationReceiver receiver,
      Receipt receipt,
      SpringJdbcIdempotencyStore.Delivery delivery) {
    TransactionStatus transaction = delivery.transaction;
    if (transaction == null) {
      return receipt; // the handler never ran: duplicate, rejected, refused, closed
    }
    if (!receipt.outcome().acknowledged()) {
      transactions.rollback(transaction);
      return receipt;
    }
    try {
      transactions.commit(transaction);
      return receipt;
    } catch (RuntimeException e) {
      var notification = receipt.notification();
      var id = notification == null ? "?" : notification.notifyId();
      log.error(
          "{} notification {}: the transaction failed to commit, so neither the business update"
              + " nor the DONE mark happened; the claim is released and the sender will retry",
          receiver.channel(),
          id,
          e);
      release(delivery);
      metrics.outcome(receiver.channel(), Outcome.STORE_FAILURE);
      return new Receipt(
          Outcome.STORE_FAILURE,
          Acknowledgement.of(receiver.channel()).retryLater("temporarily unavailable"),
          notification);
    }
  }

  private void release(SpringJdbcIdempotencyStore.Delivery delivery) {
    if (delivery.key == null || delivery.ownerToken == null) {
      return;
    }
    try {
      store.release(delivery.key, delivery.ownerToken);
    } catch (RuntimeException e) {
      log.warn("could not release {}; the claim frees itself when its lease ends", delivery.key, e);
    }
  }
}
