package com.paynotify.client;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A payment event to deliver: what {@link PaynotifyClient#create} sends. Start from {@link #of}
 * with the required fields and add the optional ones with the {@code with...} methods; every
 * instance is immutable.
 *
 * <p>A create is idempotent by merchant and {@code idempotencyKey} (by default the order number and
 * payment status), which is what makes the client's retries safe: a repeat finds the notification
 * the first try made.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewNotification(
    String merchantId,
    Channel channel,
    String orderNo,
    @Nullable String transactionId,
    PaymentStatus paymentStatus,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable BigDecimal refundAmount,
    String currency,
    String notifyUrl,
    @Nullable Map<String, Object> extra,
    @Nullable String retryPolicy,
    @JsonIgnore @Nullable String idempotencyKey) {

  /** An event with every required field and no optional one. */
  public static NewNotification of(
      String merchantId,
      Channel channel,
      String orderNo,
      PaymentStatus paymentStatus,
      BigDecimal amount,
      String currency,
      String notifyUrl) {
    return new NewNotification(
        merchantId,
        channel,
        orderNo,
        null,
        paymentStatus,
        amount,
        null,
        currency,
        notifyUrl,
        null,
        null,
        null);
  }

  /**
   * The payment platform's own transaction id, sent to the merchant (Alipay's {@code trade_no}).
   */
  public NewNotification withTransactionId(String transactionId) {
    return new NewNotification(
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
        idempotencyKey);
  }

  /** For a {@code REFUNDED} event: how much was refunded; the whole amount when not given. */
  public NewNotification withRefundAmount(BigDecimal refundAmount) {
    return new NewNotification(
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
        idempotencyKey);
  }

  /** Free JSON merged into the payload; a key the channel's wire format uses is refused (422). */
  public NewNotification withExtra(Map<String, Object> extra) {
    return new NewNotification(
        merchantId,
        channel,
        orderNo,
        transactionId,
        paymentStatus,
        amount,
        refundAmount,
        currency,
        notifyUrl,
        Map.copyOf(extra),
        retryPolicy,
        idempotencyKey);
  }

  /** A retry policy by name instead of the channel's default. */
  public NewNotification withRetryPolicy(String retryPolicy) {
    return new NewNotification(
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
        idempotencyKey);
  }

  /**
   * The key that makes a repeat of this create return the first notification, sent as the {@code
   * Idempotency-Key} header (in the body for a batch item); reusing it for another event is
   * refused.
   */
  public NewNotification withIdempotencyKey(String idempotencyKey) {
    return new NewNotification(
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
        idempotencyKey);
  }
}
