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
 * @param occurredAt when the payment reached this status
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
    Instant occurredAt) {

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
}
