package com.paynotify.channel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The channel-neutral content of one callback: what happened to which order. Every format renders
 * the same event, so the notify id stays stable across the attempts of one notification.
 *
 * @param notifyId the notification id, sent to the merchant as its notify id
 * @param amount the payment amount in major units (yuan, dollars), never a float
 * @param refundAmount for {@link PaymentStatus#REFUNDED}, the amount refunded; null otherwise
 * @param extra free fields merged into the payload; a key among the channel's {@link
 *     ChannelFormat#reservedNames} makes {@link ChannelFormat#build} refuse the event
 * @param occurredAt when the payment platform reported this status (the notification's creation)
 * @param paidAt when the payment was paid, if the platform said; {@link #paidTime} falls back to
 *     {@code occurredAt}
 * @param refundedAt when the refund was made, if the platform said; {@link #refundTime} falls back
 *     to {@code occurredAt}
 */
public record PaymentEvent(
    String notifyId,
    String merchantId,
    String orderNo,
    @Nullable String transactionId,
    PaymentStatus paymentStatus,
    BigDecimal amount,
    @Nullable BigDecimal refundAmount,
    String currency,
    Map<String, Object> extra,
    Instant occurredAt,
    @Nullable Instant paidAt,
    @Nullable Instant refundedAt) {

  public PaymentEvent {
    Objects.requireNonNull(notifyId, "notifyId");
    Objects.requireNonNull(merchantId, "merchantId");
    Objects.requireNonNull(orderNo, "orderNo");
    Objects.requireNonNull(paymentStatus, "paymentStatus");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(occurredAt, "occurredAt");
    extra = Map.copyOf(extra);
  }

  /** An event whose payment and refund times are when it was reported. */
  public PaymentEvent(
      String notifyId,
      String merchantId,
      String orderNo,
      @Nullable String transactionId,
      PaymentStatus paymentStatus,
      BigDecimal amount,
      @Nullable BigDecimal refundAmount,
      String currency,
      Map<String, Object> extra,
      Instant occurredAt) {
    this(
        notifyId,
        merchantId,
        orderNo,
        transactionId,
        paymentStatus,
        amount,
        refundAmount,
        currency,
        extra,
        occurredAt,
        null,
        null);
  }

  /**
   * When the payment was paid: Alipay's {@code gmt_payment}, WeChat Pay's {@code success_time} and
   * {@code time_end}.
   */
  public Instant paidTime() {
    return paidAt != null ? paidAt : occurredAt;
  }

  /**
   * When the refund was made: Alipay's {@code gmt_refund}, WeChat Pay v3's refund {@code
   * success_time}.
   */
  public Instant refundTime() {
    return refundedAt != null ? refundedAt : occurredAt;
  }
}
