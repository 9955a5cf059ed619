package com.paynotify.store.jdbc;

import com.paynotify.notification.Notification;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A notification's final outcome as it was when it ended, waiting in the outbox to be published.
 *
 * @param seq the outbox's order; a later outcome of the same notification (ended again after a
 *     retry) has a larger one
 * @param status {@code SUCCEEDED}, {@code FAILED} or {@code ABANDONED}
 */
public record OutcomeEvent(
    long seq,
    String notificationId,
    String merchantId,
    String orderNo,
    String paymentStatus,
    String status,
    int attempts,
    @Nullable Integer lastHttpStatus,
    @Nullable String abandonReason,
    Instant createdAt,
    Instant completedAt) {

  /** The outcome of a notification that has just ended; its {@code seq} is given by the outbox. */
  static OutcomeEvent of(Notification ended) {
    var completed = ended.completedAt() != null ? ended.completedAt() : ended.updatedAt();
    return new OutcomeEvent(
        0,
        ended.id(),
        ended.merchantId(),
        ended.orderNo(),
        ended.paymentStatus().name(),
        ended.status().name(),
        ended.attempts(),
        ended.lastHttpStatus(),
        ended.abandonReason(),
        ended.createdAt(),
        completed);
  }
}
