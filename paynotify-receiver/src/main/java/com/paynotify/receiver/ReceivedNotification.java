package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.VerifiedEvent;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A verified callback, parsed into one typed event whatever its channel. Only a {@link
 * CallbackVerifier} makes one, after the signature and timestamp checks passed.
 *
 * @param notifyId the sender's id of this notification (Alipay {@code notify_id}, WeChat v3 {@code
 *     id}, {@code webhook-id}); for WeChat v2 Paynotify's signed {@code notify_id}, or for a
 *     genuine WeChat callback, which has none, the transaction id
 * @param dedupKey the key the handler runs at most once for, built by {@link DedupKeys}
 * @param amount the amount in major units (yuan, dollars)
 * @param refundAmount for {@link PaymentStatus#REFUNDED}, the amount refunded; null otherwise
 * @param rawFields every field of the callback as received, for the merchant's own checks (for
 *     WeChat v3 the decrypted resource; nested JSON flattened with dotted keys: {@code
 *     amount.total}, {@code data.orderNo})
 */
public record ReceivedNotification(
    Channel channel,
    String notifyId,
    String dedupKey,
    String orderNo,
    @Nullable String transactionId,
    PaymentStatus paymentStatus,
    BigDecimal amount,
    @Nullable BigDecimal refundAmount,
    String currency,
    Map<String, String> rawFields) {

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

  /** The verified event of {@code paynotify-channel}, with the key to deduplicate it on. */
  public static ReceivedNotification of(VerifiedEvent event, String dedupKey) {
    return new ReceivedNotification(
        event.channel(),
        event.notifyId(),
        dedupKey,
        event.orderNo(),
        event.transactionId(),
        event.paymentStatus(),
        event.amount(),
        event.refundAmount(),
        event.currency(),
        event.rawFields());
  }

  /**
   * The payment fields that must be identical every time this dedup key arrives: order, status,
   * amount (scale ignored: {@code 100.0} equals {@code 100.00}), currency and, for a refund, the
   * refunded amount. At most 255 characters: a longer one, or one with a NUL character (which
   * PostgreSQL cannot store in text), is replaced by its SHA-256.
   */
  public String fingerprint() {
    var text =
        String.join(
            "|",
            orderNo,
            paymentStatus.name(),
            amount.stripTrailingZeros().toPlainString(),
            currency);
    if (refundAmount != null) {
      text += "|refund " + refundAmount.stripTrailingZeros().toPlainString();
    }
    return text.length() <= 255 && text.indexOf('\0') < 0
        ? text
        : "sha256:" + DedupKeys.sha256(text);
  }
}
