package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.InvalidCallbackException;
import com.paynotify.channel.InvalidCallbackException.Check;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.WebhookFormat;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WebhookSignature;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * Verifies a {@link Channel#WEBHOOK} callback: the three Standard Webhooks headers, the timestamp
 * within the tolerance of the clock, a {@code v1} signature by one of the secrets (several during a
 * rotation), then the JSON body {@code {id, type, timestamp, data}} whose {@code id} must equal the
 * signed {@code webhook-id}. Thread-safe.
 */
public final class WebhookVerifier implements CallbackVerifier {
  private final List<WebhookSecret> secrets;
  private final InstantSource clock;
  private final Duration tolerance;

  private WebhookVerifier(List<WebhookSecret> secrets, InstantSource clock, Duration tolerance) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("secrets: at least one webhook secret is required");
    }
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("tolerance: must be positive, got " + tolerance);
    }
    this.secrets = List.copyOf(secrets);
    this.clock = clock;
    this.tolerance = tolerance;
  }

  /** A verifier with the specification's 5-minute tolerance. */
  public static WebhookVerifier of(List<WebhookSecret> secrets, InstantSource clock) {
    return new WebhookVerifier(secrets, clock, WebhookSignature.DEFAULT_TOLERANCE);
  }

  /** A verifier with its own replay tolerance. */
  public static WebhookVerifier of(
      List<WebhookSecret> secrets, InstantSource clock, Duration tolerance) {
    return new WebhookVerifier(secrets, clock, tolerance);
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public ReceivedNotification verify(ReceivedCallback callback) {
    var id = requireHeader(callback, WebhookSignature.ID_HEADER);
    var timestamp = requireHeader(callback, WebhookSignature.TIMESTAMP_HEADER);
    var signature = requireHeader(callback, WebhookSignature.SIGNATURE_HEADER);
    var body = callback.body();
    WebhookSignature.verify(secrets, id, timestamp, signature, body, clock.instant(), tolerance);

    Map<String, Object> payload;
    try {
      payload = WebhookFormat.parse(body);
    } catch (RuntimeException e) {
      throw new InvalidCallbackException(Check.MALFORMED, "body is not a JSON object");
    }
    if (!id.equals(payload.get("id"))) {
      throw new InvalidCallbackException(Check.MALFORMED, "body id differs from webhook-id");
    }
    if (!(payload.get("data") instanceof Map<?, ?> data)) {
      throw new InvalidCallbackException(Check.MALFORMED, "body has no data object");
    }
    var transactionId = data.get("transactionId");
    return new ReceivedNotification(
        Channel.WEBHOOK,
        id,
        DedupKeys.webhook(id),
        text(data, "orderNo"),
        transactionId == null ? null : transactionId.toString(),
        status(text(data, "paymentStatus")),
        amount(text(data, "amount")),
        text(data, "currency"),
        payload);
  }

  private static String requireHeader(ReceivedCallback callback, String name) {
    return callback
        .header(name)
        .filter(value -> !value.isBlank())
        .orElseThrow(
            () -> new InvalidCallbackException(Check.MALFORMED, "header " + name + " is missing"));
  }

  private static String text(Map<?, ?> data, String field) {
    if (!(data.get(field) instanceof String value) || value.isBlank()) {
      throw new InvalidCallbackException(Check.MALFORMED, "data." + field + " is missing");
    }
    return value;
  }

  private static PaymentStatus status(String value) {
    try {
      return PaymentStatus.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidCallbackException(
          Check.MALFORMED, "data.paymentStatus '" + value + "' is not a payment status");
    }
  }

  private static BigDecimal amount(String value) {
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new InvalidCallbackException(
          Check.MALFORMED, "data.amount '" + value + "' is not a decimal number");
    }
  }
}
