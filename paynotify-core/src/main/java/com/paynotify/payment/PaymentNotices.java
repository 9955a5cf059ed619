package com.paynotify.payment;

import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.NotificationRequest;

/**
 * The one place a payment's move becomes a notification request. Everything a notification says
 * about a payment comes from here, so a field the payment carries (its times, its headers) is
 * passed on here and nowhere else.
 */
final class PaymentNotices {
  private PaymentNotices() {}

  /**
   * The request that tells the merchant of {@code change}, {@code payment} as it is after it. Its
   * idempotency key is the payment's id and status, and for a refund the refunded total so far, so
   * each partial refund is its own notification and a replayed move finds the one it made.
   */
  static NotificationRequest requestFor(Payment payment, StatusChange change) {
    var status = change.to();
    var key = payment.paymentId() + "|" + status.name();
    if (status == PaymentStatus.REFUNDED) {
      key += "|" + payment.refunded().stripTrailingZeros().toPlainString();
    }
    // The payment's own times, each where its status has one; the request's checks hold for them
    // too.
    var paidAt =
        status == PaymentStatus.SUCCESS || status == PaymentStatus.REFUNDED
            ? payment.paidAt()
            : null;
    var refundedAt = status == PaymentStatus.REFUNDED ? payment.refundedAt() : null;
    return new NotificationRequest(
        payment.merchantId(),
        payment.channel(),
        payment.orderNo(),
        payment.transactionId(),
        status,
        payment.amount(),
        status == PaymentStatus.REFUNDED ? change.refundAmount() : null,
        payment.currency(),
        payment.notifyUrl(),
        payment.extra(),
        payment.retryPolicy(),
        key,
        paidAt,
        refundedAt,
        payment.headers());
  }
}
