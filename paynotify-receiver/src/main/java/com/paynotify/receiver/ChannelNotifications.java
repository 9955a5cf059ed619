package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.InvalidCallbackException;
import com.paynotify.channel.InvalidCallbackException.Check;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Turns the fields of an ALREADY VERIFIED Alipay or WeChat Pay callback into a {@link
 * ReceivedNotification} with the channel's dedup key.
 *
 * <p><b>Seam:</b> this library does not yet verify Alipay (RSA2), WeChat Pay v3 ({@code Wechatpay-*}
 * headers, AES-GCM resource) or v2 ({@code sign}) signatures. Those verifiers belong to {@code
 * paynotify-channel}'s formats; a {@link CallbackVerifier} for each channel calls them first and
 * then one of these methods. Never call these on unverified input.
 */
public final class ChannelNotifications {

  private ChannelNotifications() {}

  /**
   * Alipay async-notify parameters: {@code notify_id} (the dedup key), {@code out_trade_no}, {@code
   * trade_no}, {@code trade_status}, {@code total_amount} (yuan); currency is CNY unless {@code
   * currency} says otherwise.
   */
  public static ReceivedNotification alipay(Map<String, String> verified) {
    var notifyId = required(verified, "notify_id");
    return new ReceivedNotification(
        Channel.ALIPAY,
        notifyId,
        DedupKeys.alipay(notifyId),
        required(verified, "out_trade_no"),
        verified.get("trade_no"),
        switch (required(verified, "trade_status")) {
          case "TRADE_SUCCESS", "TRADE_FINISHED" -> PaymentStatus.SUCCESS;
          case "TRADE_CLOSED" -> PaymentStatus.CANCELLED;
          case "WAIT_BUYER_PAY" -> PaymentStatus.PROCESSING;
          default -> throw malformed("trade_status", verified.get("trade_status"));
        },
        decimal("total_amount", required(verified, "total_amount")),
        verified.getOrDefault("currency", "CNY"),
        Map.copyOf(verified));
  }

  /**
   * WeChat Pay v3: the envelope's notification {@code id} (the dedup key) and the decrypted {@code
   * resource}: {@code out_trade_no}, {@code transaction_id}, {@code trade_state}, {@code amount.total}
   * (fen) and {@code amount.currency}.
   */
  public static ReceivedNotification wechatV3(String notificationId, Map<String, Object> resource) {
    if (!(resource.get("amount") instanceof Map<?, ?> amount)) {
      throw malformed("amount", null);
    }
    var state = text(resource, "trade_state");
    return new ReceivedNotification(
        Channel.WECHAT_V3,
        notificationId,
        DedupKeys.wechatV3(notificationId),
        text(resource, "out_trade_no"),
        resource.get("transaction_id") instanceof String id ? id : null,
        wechatStatus(state),
        decimal("amount.total", String.valueOf(amount.get("total"))).movePointLeft(2),
        amount.get("currency") instanceof String c ? c : "CNY",
        resource);
  }

  /**
   * WeChat Pay v2 XML fields: no notification id, so {@code transaction_id} + {@code result_code}
   * is the dedup key; {@code out_trade_no}, {@code total_fee} (fen), {@code fee_type}.
   */
  public static ReceivedNotification wechatV2(Map<String, String> verified) {
    var transactionId = required(verified, "transaction_id");
    var result = required(verified, "result_code");
    return new ReceivedNotification(
        Channel.WECHAT_V2,
        transactionId,
        DedupKeys.wechatV2(transactionId, result),
        required(verified, "out_trade_no"),
        transactionId,
        result.equals("SUCCESS") ? PaymentStatus.SUCCESS : PaymentStatus.FAILED,
        decimal("total_fee", required(verified, "total_fee")).movePointLeft(2),
        verified.getOrDefault("fee_type", "CNY"),
        Map.copyOf(verified));
  }

  private static PaymentStatus wechatStatus(String state) {
    return switch (state) {
      case "SUCCESS" -> PaymentStatus.SUCCESS;
      case "REFUND" -> PaymentStatus.REFUNDED;
      case "CLOSED", "REVOKED" -> PaymentStatus.CANCELLED;
      case "PAYERROR" -> PaymentStatus.FAILED;
      case "NOTPAY", "USERPAYING" -> PaymentStatus.PROCESSING;
      default -> throw malformed("trade_state", state);
    };
  }

  private static String required(Map<String, String> fields, String name) {
    var value = fields.get(name);
    if (value == null || value.isBlank()) {
      throw new InvalidCallbackException(Check.MALFORMED, name + " is missing");
    }
    return value;
  }

  private static String text(Map<String, Object> fields, String name) {
    if (!(fields.get(name) instanceof String value) || value.isBlank()) {
      throw new InvalidCallbackException(Check.MALFORMED, name + " is missing");
    }
    return value;
  }

  private static BigDecimal decimal(String name, String value) {
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw malformed(name, value);
    }
  }

  private static InvalidCallbackException malformed(String name, @org.jspecify.annotations.Nullable String value) {
    return new InvalidCallbackException(Check.MALFORMED, name + " '" + value + "' is not valid");
  }
}
