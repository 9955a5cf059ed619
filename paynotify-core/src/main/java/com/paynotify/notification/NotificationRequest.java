package com.paynotify.notification;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a payment platform asks for: deliver this payment event to this URL. Typed but not yet
 * checked against merchants, policies and the network; {@link com.paynotify.Paynotify#create} does
 * that.
 *
 * @param retryPolicy null for the channel's default policy
 * @param idempotencyKey null for the default key, order number plus payment status
 * @param refundAmount for a refund, how much was refunded; null means all of {@code amount}
 */
public record NotificationRequest(
    String merchantId,
    Channel channel,
    String orderNo,
    @Nullable String transactionId,
    PaymentStatus paymentStatus,
    BigDecimal amount,
    @Nullable BigDecimal refundAmount,
    String currency,
    String notifyUrl,
    Map<String, Object> extra,
    @Nullable String retryPolicy,
    @Nullable String idempotencyKey) {

  public NotificationRequest {
    extra = Map.copyOf(extra);
  }
}
