package com.paynotify.payment;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a payment platform records: a new payment of an order. Typed but not yet checked; {@link
 * Payments#create} does that.
 *
 * @param status null for {@link PaymentStatus#PROCESSING}
 * @param paidAt when it was paid, for a payment recorded as SUCCESS; null for when it is recorded
 * @param headers request headers sent with its callbacks, checked as a notification's ({@link
 *     com.paynotify.notification.CallbackHeaders#check})
 * @param retryPolicy null for the channel's default policy
 */
public record PaymentRequest(
    String paymentId,
    String merchantId,
    String orderNo,
    @Nullable String transactionId,
    Channel channel,
    BigDecimal amount,
    String currency,
    String notifyUrl,
    @Nullable PaymentStatus status,
    @Nullable Instant paidAt,
    Map<String, Object> extra,
    Map<String, String> headers,
    @Nullable String retryPolicy) {

  public PaymentRequest {
    extra = Map.copyOf(extra);
    headers = Map.copyOf(headers);
  }
}
