package com.paynotify.payment;

import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a payment's status history: the move, and what became of its notification.
 *
 * @param number 0 for the payment's recording, then one more per move (the payment's version)
 * @param from null for the recording
 * @param refundAmount the refund this move made or announced
 * @param notificationId the notification the move created or found, if any
 * @param refusal why a notified move created no notification (a channel's rule, a disabled
 *     merchant); null otherwise
 * @param idempotencyKey the key the move was asked under, unique among the payment's entries; null
 *     when it had none
 * @param fingerprint with a key, the digest of the update asked under it ({@link
 *     PaymentMoves#fingerprint}), to tell the same move asked again from another one; else null
 */
public record StatusChange(
    String merchantId,
    String paymentId,
    long number,
    @Nullable PaymentStatus from,
    PaymentStatus to,
    @Nullable BigDecimal refundAmount,
    @Nullable String reason,
    @Nullable String notificationId,
    @Nullable String refusal,
    Instant at,
    @Nullable String idempotencyKey,
    @Nullable String fingerprint) {

  /** An entry asked without an idempotency key. */
  public StatusChange(
      String merchantId,
      String paymentId,
      long number,
      @Nullable PaymentStatus from,
      PaymentStatus to,
      @Nullable BigDecimal refundAmount,
      @Nullable String reason,
      @Nullable String notificationId,
      @Nullable String refusal,
      Instant at) {
    this(
        merchantId,
        paymentId,
        number,
        from,
        to,
        refundAmount,
        reason,
        notificationId,
        refusal,
        at,
        null,
        null);
  }

  /** The same entry with its notification settled. */
  public StatusChange withNotification(@Nullable String notificationId, @Nullable String refusal) {
    return new StatusChange(
        merchantId,
        paymentId,
        number,
        from,
        to,
        refundAmount,
        reason,
        notificationId,
        refusal,
        at,
        idempotencyKey,
        fingerprint);
  }
}
