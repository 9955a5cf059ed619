package com.paynotify.payment;

import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A payment's new status as its platform reports it.
 *
 * @param transactionId the platform's transaction id, when it is first known with this move
 * @param paidAt for SUCCESS, when it was paid; null for now
 * @param refundAmount for REFUNDING or REFUNDED, how much this refund is; for REFUNDED, null is the
 *     amount announced by REFUNDING, or else everything still refundable
 * @param refundedAt for REFUNDED, when it was refunded; null for now
 * @param reason free text kept in the status history
 * @param idempotencyKey tells this move from any other of the payment: the move its entry of the
 *     history made is answered again whatever the payment did since, and another move under it is
 *     refused; null to be told by the history alone ({@link PaymentMoves#alreadyMade})
 */
public record StatusUpdate(
    String merchantId,
    PaymentStatus status,
    @Nullable String transactionId,
    @Nullable Instant paidAt,
    @Nullable BigDecimal refundAmount,
    @Nullable Instant refundedAt,
    @Nullable String reason,
    @Nullable String idempotencyKey) {

  /** An update without an idempotency key. */
  public StatusUpdate(
      String merchantId,
      PaymentStatus status,
      @Nullable String transactionId,
      @Nullable Instant paidAt,
      @Nullable BigDecimal refundAmount,
      @Nullable Instant refundedAt,
      @Nullable String reason) {
    this(merchantId, status, transactionId, paidAt, refundAmount, refundedAt, reason, null);
  }

  /** A bare move to {@code status}. */
  public static StatusUpdate to(String merchantId, PaymentStatus status) {
    return new StatusUpdate(merchantId, status, null, null, null, null, null, null);
  }

  /** The same update carrying a refund of {@code amount}. */
  public StatusUpdate refunding(BigDecimal amount) {
    return new StatusUpdate(
        merchantId, status, transactionId, paidAt, amount, refundedAt, reason, idempotencyKey);
  }

  /** The same update under {@code key}, or under none when null. */
  public StatusUpdate withIdempotencyKey(@Nullable String key) {
    return new StatusUpdate(
        merchantId, status, transactionId, paidAt, refundAmount, refundedAt, reason, key);
  }
}
