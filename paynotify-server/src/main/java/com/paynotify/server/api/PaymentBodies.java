package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.payment.PaymentRequest;
import com.paynotify.payment.StatusUpdate;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The bodies of {@code POST /api/v1/payments} and {@code PUT /api/v1/payments/{paymentId}/status}
 * as Jackson binds them, from JSON or from a form ({@link FormBody}): every component may be
 * absent, and the conversions check what each must be.
 */
final class PaymentBodies {
  private PaymentBodies() {}

  @Schema(
      name = "PaymentRequestBody",
      description =
          "A payment to record; idempotent by merchantId and paymentId "
              + "(the same payment again is 200, another under the same id 409). Also accepted as "
              + "application/x-www-form-urlencoded with the same field names (extra and headers as JSON text).")
  record Create(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Unique per merchant")
          @Nullable String paymentId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String merchantId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String orderNo,
      @Nullable String transactionId,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {"ALIPAY", "WECHAT_V3", "WECHAT_V2", "WEBHOOK"})
          @Nullable String channel,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", example = "100.00")
          @JsonDeserialize(using = JsonBodies.ExactDecimal.class)
          @Nullable BigDecimal amount,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "CNY")
          @Nullable String currency,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              example = "https://shop.example/pay/notify")
          @Nullable String notifyUrl,
      @Schema(
              description =
                  "Default PROCESSING; recorded as SUCCESS, FAILED, CANCELLED or TIMEOUT it is notified at once",
              allowableValues = {"PROCESSING", "SUCCESS", "FAILED", "CANCELLED", "TIMEOUT"})
          @Nullable String status,
      @Schema(
              description =
                  "ISO-8601 with an offset; only with status SUCCESS, default when recorded",
              example = "2026-01-01T08:00:00+08:00")
          @Nullable String paidAt,
      // The same description as CreateNotificationBody.extra: the OpenAPI model keeps one per
      // JsonNode.
      @Schema(
              type = "object",
              description =
                  "Free JSON object merged into the payload, at most 64 KiB; a key the channel's wire format uses is refused (422)")
          @Nullable JsonNode extra,
      @Schema(
              type = "object",
              description =
                  "Request headers for the callbacks, checked as a notification's: at most 10, names "
                      + "HTTP tokens, values printable ASCII without CR/LF, at most 2048 characters; a name HTTP "
                      + "or a wire format owns (Host, Content-*, Transfer-Encoding, Webhook-*, Wechatpay-*, …) "
                      + "is refused (422). Their values are never shown back")
          @Nullable Map<String, String> headers,
      @Schema(description = "A retry policy name; defaults to the channel's")
          @Nullable String retryPolicy) {

    PaymentRequest toRequest() {
      return new PaymentRequest(
          JsonBodies.required("paymentId", paymentId),
          JsonBodies.required("merchantId", merchantId),
          JsonBodies.required("orderNo", orderNo),
          JsonBodies.optional("transactionId", transactionId),
          JsonBodies.requiredEnum("channel", channel, Channel.class),
          JsonBodies.requiredDecimal("amount", amount),
          JsonBodies.required("currency", currency),
          JsonBodies.required("notifyUrl", notifyUrl),
          status == null || status.isBlank()
              ? null
              : JsonBodies.requiredEnum("status", status, PaymentStatus.class),
          time("paidAt", paidAt),
          JsonBodies.object("extra", extra, CreateNotificationBody.MAX_EXTRA_BYTES),
          PaymentBodies.headers(headers),
          JsonBodies.optional("retryPolicy", retryPolicy));
    }
  }

  @Schema(
      name = "PaymentStatusBody",
      description =
          "A payment's new status. A move under an Idempotency-Key header that a move of the "
              + "payment was made under is 200 and changes nothing whatever the payment did since "
              + "(another move under that key is 409). Repeating the current status is 200 and "
              + "changes nothing, as is repeating a move the payment already made and moved past "
              + "(same status and fields as an entry of its history); any other move the state "
              + "machine does not have is 409. Also accepted as "
              + "application/x-www-form-urlencoded with the same field names.")
  record Update(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String merchantId,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {
                "PROCESSING",
                "SUCCESS",
                "FAILED",
                "CANCELLED",
                "TIMEOUT",
                "REFUNDING",
                "REFUNDED"
              })
          @Nullable String status,
      @Nullable String transactionId,
      @Schema(description = "For SUCCESS: ISO-8601 with an offset, default now")
          @Nullable String paidAt,
      @Schema(
              type = "string",
              description =
                  "For REFUNDING or REFUNDED: this refund's amount; for REFUNDED the default is "
                      + "what REFUNDING announced, or else all that is still refundable")
          @JsonDeserialize(using = JsonBodies.ExactDecimal.class)
          @Nullable BigDecimal refundAmount,
      @Schema(description = "For REFUNDED: ISO-8601 with an offset, default now")
          @Nullable String refundedAt,
      @Schema(description = "Kept in the status history, at most 500 characters")
          @Nullable String reason) {

    StatusUpdate toUpdate() {
      return new StatusUpdate(
          JsonBodies.required("merchantId", merchantId),
          JsonBodies.requiredEnum("status", status, PaymentStatus.class),
          JsonBodies.optional("transactionId", transactionId),
          time("paidAt", paidAt),
          refundAmount,
          time("refundedAt", refundedAt),
          JsonBodies.optional("reason", reason));
    }
  }

  /** An ISO-8601 time with an offset ({@code Z} or {@code +08:00}); null when absent. */
  static @Nullable Instant time(String field, @Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(text)
              + " is not an ISO-8601 time with an offset, like 2026-01-01T08:00:00+08:00");
    }
  }

  /** The headers as given, none of them null; empty when absent. */
  static Map<String, String> headers(@Nullable Map<String, String> given) {
    if (given == null) {
      return Map.of();
    }
    var headers = new LinkedHashMap<String, String>();
    given.forEach(
        (name, value) -> {
          if (value == null) {
            throw InvalidRequestException.invalid(
                "headers",
                "the value of " + InvalidRequestException.echo(name) + " must be a string");
          }
          headers.put(name, value);
        });
    return headers;
  }
}
