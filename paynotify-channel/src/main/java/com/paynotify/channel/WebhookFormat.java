package com.paynotify.channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link Channel#WEBHOOK} format: a JSON body {@code {id, type, timestamp, data}} signed per
 * the Standard Webhooks specification. Any 2xx answer acknowledges it. Extra entries are merged
 * into {@code data}; one named like a field of the envelope or of {@code data} is refused.
 */
public final class WebhookFormat implements ChannelFormat {
  static final WebhookFormat INSTANCE = new WebhookFormat();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * The envelope's fields and those of {@code data}, where extra lands. Keys are compared ignoring
   * case: several JSON binders (Go's, Json.NET) match fields that way.
   */
  static final ReservedNames RESERVED =
      ReservedNames.of(
          Channel.WEBHOOK,
          Set.of(
              "id",
              "type",
              "timestamp",
              "data",
              "merchantId",
              "orderNo",
              "transactionId",
              "paymentStatus",
              "amount",
              "refundAmount",
              "currency"),
          Set.of());

  private WebhookFormat() {}

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
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
    if (!(credentials instanceof WebhookCredentials webhook)) {
      throw new IllegalArgumentException(
          "credentials: WEBHOOK needs webhook secrets, got " + credentials.channel());
    }
    Wire.requireCarried(this, event);
    var body = JSON.writeValueAsBytes(payload(event));
    var signature = WebhookSignature.sign(webhook.secrets(), event.notifyId(), now, body);
    var headers = new LinkedHashMap<String, String>();
    headers.put(WebhookSignature.ID_HEADER, event.notifyId());
    headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()));
    headers.put(WebhookSignature.SIGNATURE_HEADER, signature);
    return new Callback("application/json", headers, body);
  }

  @Override
  public AckVerdict judge(int httpStatus, String body) {
    return httpStatus >= 200 && httpStatus < 300 ? AckVerdict.ACCEPTED : AckVerdict.REJECTED_STATUS;
  }

  @Override
  public VerifiedEvent verify(
      ReceivedCallback received, VerificationKeys keys, Instant now, Duration tolerance) {
    if (!(keys instanceof VerificationKeys.Webhook webhook)) {
      throw new IllegalArgumentException(
          "keys: WEBHOOK needs webhook secrets, got " + keys.channel());
    }
    var id = Wire.requireHeader(received, WebhookSignature.ID_HEADER);
    var timestamp = Wire.requireHeader(received, WebhookSignature.TIMESTAMP_HEADER);
    var signature = Wire.requireHeader(received, WebhookSignature.SIGNATURE_HEADER);
    var body = received.body();
    WebhookSignature.verify(webhook.secrets(), id, timestamp, signature, body, now, tolerance);

    JsonNode payload;
    try {
      payload = JSON.readTree(body);
    } catch (JacksonException e) {
      throw Wire.malformed("the body is not JSON");
    }
    if (payload == null || !payload.isObject() || !payload.path("data").isObject()) {
      throw Wire.malformed("the body is not a JSON object with a data object");
    }
    var fields = Wire.flatten(payload);
    var bodyId = Wire.requireField(fields, "id");
    if (!bodyId.equals(id)) {
      throw Wire.malformed("field id differs from header " + WebhookSignature.ID_HEADER);
    }
    PaymentStatus status;
    var statusText = Wire.requireField(fields, "data.paymentStatus");
    try {
      status = PaymentStatus.valueOf(statusText);
    } catch (IllegalArgumentException e) {
      throw Wire.malformed("field data.paymentStatus has the unknown value " + statusText);
    }
    var refund = fields.get("data.refundAmount");
    return new VerifiedEvent(
        Channel.WEBHOOK,
        id,
        Wire.requireField(fields, "data.orderNo"),
        fields.get("data.transactionId"),
        status,
        Wire.parseYuan(Wire.requireField(fields, "data.amount"), "data.amount"),
        refund == null ? null : Wire.parseYuan(refund, "data.refundAmount"),
        Wire.requireField(fields, "data.currency"),
        fields);
  }

  @Override
  public AckResponse successAck() {
    return new AckResponse(204, null, new byte[0]);
  }

  @Override
  public AckResponse failureAck(String message) {
    return AckResponse.of(500, "text/plain; charset=utf-8", message);
  }

  /**
   * The event type, as {@code payment.<status>}: {@code payment.success}, {@code payment.refunded}.
   */
  public static String eventType(PaymentStatus status) {
    return "payment." + status.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Reads a body this format built back into its fields. */
  public static Map<String, Object> parse(byte[] body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = JSON.readValue(new String(body, StandardCharsets.UTF_8), Map.class);
    return map;
  }

  private static Map<String, Object> payload(PaymentEvent event) {
    RESERVED.requireFree(event.extra());
    var data = new LinkedHashMap<String, Object>(event.extra());
    data.put("merchantId", event.merchantId());
    data.put("orderNo", event.orderNo());
    if (event.transactionId() != null) {
      data.put("transactionId", event.transactionId());
    }
    data.put("paymentStatus", event.paymentStatus().name());
    data.put("amount", event.amount().toPlainString());
    if (event.refundAmount() != null) {
      data.put("refundAmount", event.refundAmount().toPlainString());
    }
    data.put("currency", event.currency());
    var payload = new LinkedHashMap<String, Object>();
    payload.put("id", event.notifyId());
    payload.put("type", eventType(event.paymentStatus()));
    payload.put("timestamp", event.occurredAt().toString());
    payload.put("data", data);
    RESERVED.requireDeclared("", data, event.extra());
    RESERVED.requireDeclared("", payload, Map.of());
    return payload;
  }
}
