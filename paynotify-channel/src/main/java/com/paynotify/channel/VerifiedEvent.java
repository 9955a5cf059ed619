package com.paynotify.channel;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A received callback whose signature (and, where the format has one, timestamp) checked out,
 * mapped back to channel-neutral terms. The same type for all four channels.
 *
 * @param notifyId what to deduplicate on: stable across the retries of one notification
 * @param amount the payment amount in major units (yuan)
 * @param refundAmount for {@link PaymentStatus#REFUNDED}, the amount refunded; null otherwise
 * @param rawFields the channel's own fields as received (for WeChat v3 the decrypted resource;
 *     nested JSON objects flattened with dotted keys, like {@code amount.total})
 */
public record VerifiedEvent(
    Channel channel,
    String notifyId,
    String orderNo,
    @Nullable String transactionId,
    PaymentStatus paymentStatus,
    BigDecimal amount,
    @Nullable BigDecimal refundAmount,
    String currency,
    Map<String, String> rawFields) {

  public VerifiedEvent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(notifyId, "notifyId");
    Objects.requireNonNull(orderNo, "orderNo");
    Objects.requireNonNull(paymentStatus, "paymentStatus");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    rawFields = Map.copyOf(rawFields);
  }
}
