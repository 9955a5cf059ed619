package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A verified callback, parsed into one typed event whatever its channel. Only a {@link
 * CallbackVerifier} makes one, after the signature and timestamp checks passed.
 *
 * @param notifyId the sender's id of this notification (Alipay {@code notify_id}, WeChat v3 {@code
 *     id}, {@code webhook-id}); for WeChat v2, which has none, the transaction id
 * @param dedupKey the key the handler runs at most once for, built by {@link DedupKeys}
 * @param amount the amount in major units (yuan, dollars)
 * @param rawFields every field of the callback as received, for the merchant's own checks
 */
public record ReceivedNotification(
    Channel channel,
    String notifyId,
    String dedupKey,
    String orderNo,
    @Nullable String transactionId,
    PaymentStatus paymentStatus,
    BigDecimal amount,
    String currency,
    Map<String, Object> rawFields) {

  public ReceivedNotification {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(notifyId, "notifyId");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(orderNo, "orderNo");
    Objects.requireNonNull(paymentStatus, "paymentStatus");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    rawFields = Map.copyOf(rawFields);
  }

  /**
   * The payment fields that must be identical every time this dedup key arrives: order, status,
   * amount (scale ignored: {@code 100.0} equals {@code 100.00}) and currency. At most 255
   * characters: a longer one is replaced by its SHA-256.
   */
  public String fingerprint() {
    var text =
        String.join(
            "|",
            orderNo,
            paymentStatus.name(),
            amount.stripTrailingZeros().toPlainString(),
            currency);
    return text.length() <= 255 ? text : "sha256:" + DedupKeys.sha256(text);
  }
}
