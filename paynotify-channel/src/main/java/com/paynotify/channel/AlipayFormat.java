package com.paynotify.channel;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@link Channel#ALIPAY} format: Alipay's asynchronous notification ({@code
 * notify_type=trade_status_sync}), a UTF-8 form body signed with RSA2 (or legacy RSA) as Alipay
 * signs it, so {@code AlipaySignature.rsaCheckV1} accepts it. HTTP 200 with the body {@code
 * success} acknowledges it.
 *
 * <p>Status mapping: SUCCESS → {@code TRADE_SUCCESS}; FAILED, CANCELLED, TIMEOUT → {@code
 * TRADE_CLOSED} with {@code gmt_close}; REFUNDED → {@code refund_fee} and {@code gmt_refund}, with
 * {@code TRADE_CLOSED} for a full refund and {@code TRADE_SUCCESS} for a partial one. Alipay's wire
 * cannot tell FAILED, CANCELLED and TIMEOUT apart: {@link #verify} reads a closed trade as
 * CANCELLED.
 *
 * <p>Extra entries become further parameters; one named like a parameter this format writes is
 * refused ({@link #reservedNames}).
 */
public final class AlipayFormat implements ChannelFormat {
  static final AlipayFormat INSTANCE = new AlipayFormat();

  public static final String TRADE_SUCCESS = "TRADE_SUCCESS";
  public static final String TRADE_CLOSED = "TRADE_CLOSED";
  public static final String TRADE_FINISHED = "TRADE_FINISHED";

  /** Alipay's {@code gmt_refund} carries milliseconds: {@code 2015-04-28 15:45:57.320}. */
  private static final DateTimeFormatter REFUND_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(Wire.BEIJING);

  /** Every parameter {@link #parameters} and {@link #build} ever write. */
  static final ReservedNames RESERVED =
      ReservedNames.ofForm(
          Channel.ALIPAY,
          Set.of(
              "notify_time",
              "notify_type",
              "notify_id",
              "app_id",
              "charset",
              "version",
              "sign_type",
              "sign",
              "trade_no",
              "out_trade_no",
              "total_amount",
              "trans_currency",
              "trade_status",
              "receipt_amount",
              "gmt_payment",
              "gmt_close",
              "refund_fee",
              "gmt_refund"));

  private AlipayFormat() {}

  @Override
  public Channel channel() {
    return Channel.ALIPAY;
  }

  @Override
  public Optional<String> refusal(PaymentStatus status) {
    return Wire.notFinal(status);
  }

  @Override
  public ReservedNames reservedNames() {
    return RESERVED;
  }

  @Override
  public Callback build(PaymentEvent event, ChannelCredentials credentials, Instant now) {
    if (!(credentials instanceof AlipayCredentials alipay)) {
      throw new IllegalArgumentException(
          "credentials: ALIPAY needs Alipay credentials, got " + credentials.channel());
    }
    Wire.requireCarried(this, event);
    var params = parameters(event, alipay, now);
    params.put("sign", sign(params, alipay));
    RESERVED.requireDeclared("", params, event.extra());
    var body =
        params.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return new Callback(
        "application/x-www-form-urlencoded; charset=utf-8",
        Map.of(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The notification parameters without {@code sign}, blank values left out.
   *
   * @throws IllegalArgumentException if an extra key is a reserved name
   */
  static Map<String, String> parameters(PaymentEvent event, AlipayCredentials alipay, Instant now) {
    RESERVED.requireFree(event.extra());
    var params = new LinkedHashMap<String, String>();
    event.extra().forEach((key, value) -> params.put(key, Wire.text(value)));
    params.put("notify_time", Wire.ALIPAY_TIME.format(now));
    params.put("notify_type", "trade_status_sync");
    params.put("notify_id", event.notifyId());
    params.put("app_id", alipay.appId());
    params.put("charset", "utf-8");
    params.put("version", "1.0");
    params.put("sign_type", alipay.signType().name());
    params.put("trade_no", event.transactionId() == null ? "" : event.transactionId());
    params.put("out_trade_no", event.orderNo());
    var total = Wire.yuan(event.amount(), "amount");
    params.put("total_amount", total);
    if (!event.currency().equalsIgnoreCase("CNY")) {
      params.put("trans_currency", event.currency());
    }
    var at = event.occurredAt();
    switch (event.paymentStatus()) {
      case SUCCESS -> {
        params.put("trade_status", TRADE_SUCCESS);
        params.put("receipt_amount", total);
        params.put("gmt_payment", Wire.ALIPAY_TIME.format(event.paidTime()));
      }
      case FAILED, CANCELLED, TIMEOUT -> {
        params.put("trade_status", TRADE_CLOSED);
        params.put("gmt_close", Wire.ALIPAY_TIME.format(at));
      }
      case REFUNDED -> {
        var refund = Wire.refundAmount(event);
        boolean full = refund.compareTo(event.amount()) == 0;
        params.put("trade_status", full ? TRADE_CLOSED : TRADE_SUCCESS);
        params.put("receipt_amount", total);
        params.put("refund_fee", Wire.yuan(refund, "refundAmount"));
        var refundedAt = event.refundTime();
        if (event.paidAt() != null) {
          // Alipay's refund notifications carry the original payment's time too; sent when known.
          params.put("gmt_payment", Wire.ALIPAY_TIME.format(event.paidAt()));
        }
        params.put("gmt_refund", REFUND_TIME.format(refundedAt));
        if (full) {
          params.put("gmt_close", Wire.ALIPAY_TIME.format(refundedAt));
        }
      }
      case PROCESSING, REFUNDING -> throw new IllegalStateException("refused above");
    }
    params.values().removeIf(String::isBlank);
    return params;
  }

  /**
   * The text Alipay signs: every parameter but {@code sign} and {@code sign_type} with a non-blank
   * value, sorted by key, joined as {@code k=v&k=v} with raw (not URL-encoded) values.
   */
  static String signContent(Map<String, String> params) {
    return new TreeMap<>(params)
        .entrySet().stream()
            .filter(e -> !e.getKey().equals("sign") && !e.getKey().equals("sign_type"))
            .filter(e -> !e.getKey().isBlank() && !e.getValue().isBlank())
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"));
  }

  private static String sign(Map<String, String> params, AlipayCredentials alipay) {
    var content = signContent(params).getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder()
        .encodeToString(RsaKeys.sign(alipay.signType().algorithm(), alipay.signingKey(), content));
  }

  @Override
  public AckVerdict judge(int httpStatus, String body) {
    if (httpStatus != 200) {
      return AckVerdict.REJECTED_STATUS;
    }
    return body.trim().equals("success") ? AckVerdict.ACCEPTED : AckVerdict.REJECTED_BODY;
  }

  @Override
  public VerifiedEvent verify(
      ReceivedCallback received, VerificationKeys keys, Instant now, Duration tolerance) {
    if (!(keys instanceof VerificationKeys.Alipay alipay)) {
      throw new IllegalArgumentException(
          "keys: ALIPAY needs Alipay verification keys, got " + keys.channel());
    }
    var params = decodeForm(received.bodyText());
    var sign = Wire.requireField(params, "sign");
    var signType = params.get("sign_type");
    if (signType != null && !signType.equals(alipay.signType().name())) {
      throw Wire.badSignature(
          "sign_type " + signType + " is not the accepted " + alipay.signType().name());
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(sign);
    } catch (IllegalArgumentException e) {
      throw Wire.badSignature("sign is not base64");
    }
    var content = signContent(params).getBytes(StandardCharsets.UTF_8);
    boolean valid =
        alipay.publicKeys().stream()
            .anyMatch(
                key -> RsaKeys.verify(alipay.signType().algorithm(), key, content, signature));
    if (!valid) {
      throw Wire.badSignature("sign matches no configured Alipay public key");
    }
    return event(params);
  }

  private static VerifiedEvent event(Map<String, String> params) {
    var notifyId = Wire.requireField(params, "notify_id");
    var orderNo = Wire.requireField(params, "out_trade_no");
    var tradeStatus = Wire.requireField(params, "trade_status");
    var amount = Wire.parseYuan(Wire.requireField(params, "total_amount"), "total_amount");
    var refundText = params.get("refund_fee");
    var refund = refundText == null ? null : Wire.parseYuan(refundText, "refund_fee");
    var status =
        switch (tradeStatus) {
          case TRADE_SUCCESS, TRADE_FINISHED ->
              refund == null ? PaymentStatus.SUCCESS : PaymentStatus.REFUNDED;
          case TRADE_CLOSED -> refund == null ? PaymentStatus.CANCELLED : PaymentStatus.REFUNDED;
          case "WAIT_BUYER_PAY" -> PaymentStatus.PROCESSING;
          default ->
              throw Wire.malformed("field trade_status has the unknown value " + tradeStatus);
        };
    return new VerifiedEvent(
        Channel.ALIPAY,
        notifyId,
        orderNo,
        params.get("trade_no"),
        status,
        amount,
        refund,
        params.getOrDefault("trans_currency", "CNY"),
        params);
  }

  /** A form body as key → value, UTF-8; a repeated or undecodable parameter is MALFORMED. */
  static Map<String, String> decodeForm(String body) {
    if (body.isBlank()) {
      throw Wire.malformed("the body is empty");
    }
    var params = new LinkedHashMap<String, String>();
    for (var pair : body.trim().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw Wire.malformed("the body is not form-urlencoded: a parameter has no name or '='");
      }
      String key;
      String value;
      try {
        key = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
        value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw Wire.malformed("the body has a badly percent-encoded parameter");
      }
      if (params.put(key, value) != null) {
        throw Wire.malformed("parameter " + key + " appears twice");
      }
    }
    return params;
  }

  @Override
  public AckResponse successAck() {
    return AckResponse.of(200, "text/plain; charset=utf-8", "success");
  }

  @Override
  public AckResponse failureAck(String message) {
    return AckResponse.of(200, "text/plain; charset=utf-8", "fail");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
