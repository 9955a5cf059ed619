package com.paynotify.channel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link Channel#WEBHOOK} format: a JSON body {@code {id, type, timestamp, data}} signed per the
 * Standard Webhooks specification. Any 2xx answer acknowledges it.
 */
public final class WebhookFormat implements ChannelFormat {
  static final WebhookFormat INSTANCE = new WebhookFormat();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private WebhookFormat() {}

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public Optional<String> refusal(PaymentStatus status) {
    return status.notifiable()
        ? Optional.empty()
        : Optional.of("payment status " + status + " is not final and is never notified");
  }

  @Override
  public Callback build(PaymentEvent event, ChannelCredentials credentials, Instant now) {
    if (!(credentials instanceof WebhookCredentials webhook)) {
      throw new IllegalArgumentException(
          "credentials: WEBHOOK needs webhook secrets, got " + credentials.channel());
    }
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

  /** The event type, as {@code payment.<status>}: {@code payment.success}, {@code payment.refunded}. */
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
    return payload;
  }
}
