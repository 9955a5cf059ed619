package com.paynotify.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@link Channel#WECHAT_V2} format: WeChat Pay API v2's payment result notification, a flat
 * {@code <xml>} of CDATA values signed with the merchant's API key (MD5 or HMAC-SHA256), so {@code
 * WXPayUtil.isSignatureValid} accepts it. The merchant's XML reply with {@code return_code} {@code
 * SUCCESS} acknowledges it.
 *
 * <p>A failed, cancelled or timed-out payment is sent with {@code result_code} {@code FAIL} and
 * {@code err_code} {@code PAYERROR}, {@code ORDERCLOSED} or {@code ORDERTIMEOUT}, and an {@code
 * err_code_des} the extra entries may supply. Refunds are not a v2 payment notification and are
 * refused. Extra entries become further fields; one named like a field this format writes is
 * refused, except the placeholders listed as {@link ReservedNames#suppliable()}. Besides WeChat's
 * fields the notification carries {@code notify_id}, the stable notify id, signed like the rest.
 * Values are trimmed, as the SDK trims them before signing.
 */
public final class WechatV2Format implements ChannelFormat {
  static final WechatV2Format INSTANCE = new WechatV2Format();

  /**
   * Every field {@link #build} ever writes, compared ignoring case. {@code err_code} is reserved
   * because it carries the status ({@code ORDERCLOSED} reads as CANCELLED); its description and the
   * trade and bank types, placeholders otherwise, may be supplied by extra under their exact name.
   */
  static final ReservedNames RESERVED =
      ReservedNames.of(
          Channel.WECHAT_V2,
          Set.of(
              "return_code",
              "return_msg",
              "appid",
              "mch_id",
              "nonce_str",
              "sign_type",
              "sign",
              "notify_id",
              "result_code",
              "err_code",
              "total_fee",
              "fee_type",
              "cash_fee",
              "transaction_id",
              "out_trade_no",
              "time_end"),
          Set.of("err_code_des", "trade_type", "bank_type"));

  private WechatV2Format() {}

  @Override
  public Channel channel() {
    return Channel.WECHAT_V2;
  }

  @Override
  public Optional<String> refusal(PaymentStatus status) {
    if (status == PaymentStatus.REFUNDED) {
      return Optional.of(
          "a refund is not a WeChat Pay API v2 payment notification; use the WECHAT_V3 channel"
              + " for refund notifications");
    }
    return Wire.notFinal(status);
  }

  @Override
  public ReservedNames reservedNames() {
    return RESERVED;
  }

  @Override
  public Callback build(PaymentEvent event, ChannelCredentials credentials, Instant now) {
    if (!(credentials instanceof WechatV2Credentials wechat)) {
      throw new IllegalArgumentException(
          "credentials: WECHAT_V2 needs WeChat Pay v2 credentials, got " + credentials.channel());
    }
    Wire.requireCarried(this, event);
    var fields = fields(event, wechat);
    fields.put("sign", sign(fields, wechat.apiKey(), wechat.signType()));
    RESERVED.requireDeclared("", fields, event.extra());
    return new Callback(
        "text/xml; charset=utf-8",
        Map.of(),
        SafeXml.write(fields).getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> fields(PaymentEvent event, WechatV2Credentials wechat) {
    RESERVED.requireFree(event.extra());
    var fields = new LinkedHashMap<String, String>();
    event
        .extra()
        .forEach(
            (key, value) -> {
              if (!SafeXml.isElementName(key)) {
                throw new IllegalArgumentException(
                    "extra: key '" + key + "' is not an XML element name");
              }
              fields.put(key, Wire.text(value));
            });
    var total = Long.toString(Wire.fenInt(event.amount(), "amount"));
    fields.put("return_code", "SUCCESS");
    fields.put("return_msg", "OK");
    fields.put("appid", wechat.appId());
    fields.put("mch_id", wechat.mchId());
    fields.put("nonce_str", Wire.nonce(32));
    fields.put("sign_type", wechat.signType().wireName());
    fields.put("notify_id", event.notifyId());
    if (event.paymentStatus() == PaymentStatus.SUCCESS) {
      fields.put("result_code", "SUCCESS");
      fields.remove("err_code_des");
    } else {
      fields.put("result_code", "FAIL");
      var defaults =
          switch (event.paymentStatus()) {
            case CANCELLED -> new String[] {"ORDERCLOSED", "订单已关闭"};
            case TIMEOUT -> new String[] {"ORDERTIMEOUT", "订单已超时关闭"};
            default -> new String[] {"PAYERROR", "支付失败"};
          };
      fields.put("err_code", defaults[0]);
      fields.putIfAbsent("err_code_des", defaults[1]);
    }
    fields.putIfAbsent("trade_type", "NATIVE");
    fields.putIfAbsent("bank_type", "OTHERS");
    fields.put("total_fee", total);
    fields.put("fee_type", event.currency());
    fields.put("cash_fee", total);
    fields.put("transaction_id", event.transactionId() == null ? "" : event.transactionId());
    fields.put("out_trade_no", event.orderNo());
    fields.put(
        "time_end",
        Wire.WECHAT_V2_TIME.format(
            event.paymentStatus() == PaymentStatus.SUCCESS
                ? event.paidTime()
                : event.occurredAt()));
    fields.replaceAll((key, value) -> value.trim());
    fields.values().removeIf(String::isEmpty);
    fields.forEach(
        (key, value) -> {
          if (!SafeXml.isXmlText(value)) {
            throw new IllegalArgumentException(
                key + ": contains a control character that XML cannot carry");
          }
        });
    return fields;
  }

  /**
   * WeChat Pay v2's signature: every field but {@code sign} whose trimmed value is not empty,
   * sorted by name, as {@code k=v&...&key=<api key>}; MD5 or HMAC-SHA256 (keyed with the API key)
   * in upper-case hex.
   */
  static String sign(Map<String, String> fields, String apiKey, WechatV2Credentials.SignType type) {
    var content = new StringBuilder();
    new TreeMap<>(fields)
        .forEach(
            (key, value) -> {
              if (!key.equals("sign") && !value.trim().isEmpty()) {
                content.append(key).append('=').append(value.trim()).append('&');
              }
            });
    content.append("key=").append(apiKey);
    var bytes = content.toString().getBytes(StandardCharsets.UTF_8);
    try {
      byte[] digest =
          switch (type) {
            case MD5 -> MessageDigest.getInstance("MD5").digest(bytes);
            case HMAC_SHA256 -> {
              var mac = Mac.getInstance("HmacSHA256");
              mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
              yield mac.doFinal(bytes);
            }
          };
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(type + " is unavailable in this JVM", e);
    }
  }

  @Override
  public AckVerdict judge(int httpStatus, String body) {
    if (httpStatus < 200 || httpStatus >= 300) {
      return AckVerdict.REJECTED_STATUS;
    }
    try {
      var reply = SafeXml.read(body.strip().getBytes(StandardCharsets.UTF_8));
      if (!"SUCCESS".equals(reply.get("return_code"))) {
        return AckVerdict.REJECTED_BODY;
      }
      // return_code speaks for the exchange, result_code for the business: a merchant that says it
      // could not process the notification wants it again.
      var resultCode = reply.get("result_code");
      return resultCode == null || "SUCCESS".equals(resultCode.strip())
          ? AckVerdict.ACCEPTED
          : AckVerdict.REJECTED_BODY;
    } catch (InvalidCallbackException e) {
      return AckVerdict.REJECTED_BODY;
    }
  }

  @Override
  public VerifiedEvent verify(
      ReceivedCallback received, VerificationKeys keys, Instant now, Duration tolerance) {
    if (!(keys instanceof VerificationKeys.WechatV2 wechat)) {
      throw new IllegalArgumentException(
          "keys: WECHAT_V2 needs WeChat Pay v2 verification keys, got " + keys.channel());
    }
    var fields = SafeXml.read(received.body());
    var returnCode = Wire.requireField(fields, "return_code");
    if (!returnCode.equals("SUCCESS")) {
      throw Wire.malformed("return_code is " + returnCode + ", so the notification has no result");
    }
    var sign = Wire.requireField(fields, "sign").trim();
    var signType = fields.get("sign_type");
    if (signType != null
        && !signType.isBlank()
        && !signType.trim().equals(wechat.signType().wireName())) {
      throw Wire.badSignature(
          "sign_type " + signType.trim() + " is not the accepted " + wechat.signType().wireName());
    }
    var given = sign.getBytes(StandardCharsets.UTF_8);
    boolean valid =
        wechat.apiKeys().stream()
            .anyMatch(
                key ->
                    MessageDigest.isEqual(
                        sign(fields, key, wechat.signType()).getBytes(StandardCharsets.UTF_8),
                        given));
    if (!valid) {
      throw Wire.badSignature("sign matches no configured API key");
    }
    return event(fields);
  }

  private static VerifiedEvent event(Map<String, String> fields) {
    var orderNo = Wire.requireField(fields, "out_trade_no");
    var resultCode = Wire.requireField(fields, "result_code");
    var status =
        switch (resultCode) {
          case "SUCCESS" -> PaymentStatus.SUCCESS;
          case "FAIL" ->
              switch (fields.getOrDefault("err_code", "").toUpperCase(Locale.ROOT)) {
                case "ORDERCLOSED" -> PaymentStatus.CANCELLED;
                case "ORDERTIMEOUT" -> PaymentStatus.TIMEOUT;
                default -> PaymentStatus.FAILED;
              };
          default -> throw Wire.malformed("field result_code has the unknown value " + resultCode);
        };
    var transactionId = fields.get("transaction_id");
    // Genuine WeChat Pay v2 notifications have no notify id: the transaction is what repeats.
    var notifyId = fields.get("notify_id");
    if (notifyId == null || notifyId.isBlank()) {
      notifyId = transactionId != null ? transactionId : orderNo + ":" + resultCode;
    }
    return new VerifiedEvent(
        Channel.WECHAT_V2,
        notifyId,
        orderNo,
        transactionId,
        status,
        Wire.parseFen(Wire.requireField(fields, "total_fee"), "total_fee"),
        null,
        fields.getOrDefault("fee_type", "CNY"),
        fields);
  }

  @Override
  public AckResponse successAck() {
    return reply("SUCCESS", "OK");
  }

  @Override
  public AckResponse failureAck(String message) {
    return reply("FAIL", SafeXml.scrub(message));
  }

  private static AckResponse reply(String code, String message) {
    var fields = new LinkedHashMap<String, String>();
    fields.put("return_code", code);
    fields.put("return_msg", message);
    return AckResponse.of(200, "text/xml; charset=utf-8", SafeXml.write(fields));
  }
}
