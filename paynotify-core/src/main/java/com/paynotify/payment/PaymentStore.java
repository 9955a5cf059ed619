package com.paynotify.payment;

import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where payments and their status history live. Each write is one transaction that also stores the
 * move's notification, if it has one, as {@link com.paynotify.notification.DeliveryQueue#createAll}
 * would: a notification already stored under the same merchant and idempotency key is kept and
 * linked (and the write refused with a {@link com.paynotify.ConflictException} if it asked for
 * something else). Thread-safe; moves are version-checked, so several nodes may share one store.
 */
public interface PaymentStore {

  /** What a write did. */
  sealed interface Write {}

  /**
   * Stored: the payment, its history entry (linked to its notification) and what became of the
   * notification, null when there was none to store.
   */
  record Written(Payment payment, StatusChange change, @Nullable CreateOutcome notification)
      implements Write {}

  /** A payment of that merchant and id is already stored; nothing was written. */
  record Taken(Payment existing) implements Write {}

  /**
   * The payment moved since it was read (its version is no longer the one the move was made from),
   * or an entry of its history already holds the move's idempotency key (a concurrent duplicate);
   * nothing was written.
   */
  record Stale() implements Write {}

  /** Stores a new payment with its first history entry and, when given, its notification. */
  Write create(Payment payment, StatusChange recorded, @Nullable Notification notification);

  /**
   * Writes {@code next} over {@code current} if the stored version is still {@code current}'s and
   * no entry of the payment holds the change's idempotency key, appends {@code change} and stores
   * {@code notification} when given, in one transaction.
   */
  Write move(
      Payment current, Payment next, StatusChange change, @Nullable Notification notification);

  Optional<Payment> find(String merchantId, String paymentId);

  /** The payment's status history, oldest first. */
  List<StatusChange> history(String merchantId, String paymentId);

  /** The notifications the payment's moves created that are still stored, oldest first. */
  List<Notification> notifications(String merchantId, String paymentId);

  /**
   * Deletes up to {@code limit} payments last moved before {@code movedBefore}, with their history,
   * that have no notification left stored (so none is still waiting, in flight or FAILED: ended
   * ones are purged first under the same retention); returns how many.
   */
  int purgeEnded(Instant movedBefore, int limit);
}
