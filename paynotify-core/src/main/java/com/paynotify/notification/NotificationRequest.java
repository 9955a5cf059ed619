package com.paynotify.notification;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param paidAt when the payment was paid; null for when the status was reported (the creation)
 * @param refundedAt for a refund, when it was made; null for when the status was reported
 * @param headers HTTP headers added to every attempt's callback ({@link CallbackHeaders})
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
    @Nullable String idempotencyKey,
    @Nullable Instant paidAt,
    @Nullable Instant refundedAt,
    Map<String, String> headers) {

  public NotificationRequest {
    extra = Map.copyOf(extra);
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * A request without payment or refund times (both when reported) and without headers of its own.
   */
  public NotificationRequest(
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
    this(
        merchantId,
        channel,
        orderNo,
        transactionId,
        paymentStatus,
        amount,
        refundAmount,
        currency,
        notifyUrl,
        extra,
        retryPolicy,
        idempotencyKey,
        null,
        null,
        Map.of());
  }
}
