package com.paynotify.payment;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One payment of a merchant's order and where its status stands. Immutable; every move is a new
 * value written with a version check.
 *
 * @param paymentId unique per merchant
 * @param amount in major units
 * @param refunded the total of the refunds recorded so far; never more than {@code amount}
 * @param refunding the amount of the refund under way while REFUNDING, when one was given
 * @param paidAt when the payment was paid, once SUCCESS
 * @param refundedAt when the last refund was made
 * @param headers request headers to send with this payment's callbacks
 * @param retryPolicy null for the channel's default policy
 * @param version bumped by every move; fences a concurrent one
 */
public record Payment(
    String paymentId,
    String merchantId,
    String orderNo,
    @Nullable String transactionId,
    Channel channel,
    BigDecimal amount,
    String currency,
    String notifyUrl,
    PaymentStatus status,
    BigDecimal refunded,
    @Nullable BigDecimal refunding,
    @Nullable Instant paidAt,
    @Nullable Instant refundedAt,
    Map<String, Object> extra,
    Map<String, String> headers,
    @Nullable String retryPolicy,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public Payment {
    extra = Map.copyOf(extra);
    headers = Map.copyOf(headers);
  }

  /** What may still be refunded: the amount less the refunds so far. */
  public BigDecimal refundable() {
    return amount.subtract(refunded);
  }

  /** Whether some but not all of the amount was refunded. */
  public boolean partlyRefunded() {
    return refunded.signum() > 0 && refunded.compareTo(amount) < 0;
  }

  /** The same payment after a move: new status and values, a version further. */
  Payment moved(
      PaymentStatus to,
      @Nullable String transactionId,
      BigDecimal refunded,
      @Nullable BigDecimal refunding,
      @Nullable Instant paidAt,
      @Nullable Instant refundedAt,
      Instant at) {
    return new Payment(
        paymentId,
        merchantId,
        orderNo,
        transactionId,
        channel,
        amount,
        currency,
        notifyUrl,
        to,
        refunded,
        refunding,
        paidAt,
        refundedAt,
        extra,
        headers,
        retryPolicy,
        createdAt,
        at,
        version + 1);
  }
}
