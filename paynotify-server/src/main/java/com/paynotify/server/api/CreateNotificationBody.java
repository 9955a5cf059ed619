package com.paynotify.server.api;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.NotificationRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /api/v1/notifications}, as Jackson binds it: every component may be
 * absent, and {@link #toRequest()} checks what each must be. The OpenAPI document describes this
 * record ({@link ApiDocumentation}).
 */
@Schema(
    name = "NotificationRequestBody",
    description =
        "A payment event to deliver. Idempotent by merchant and idempotencyKey "
            + "(default orderNo|paymentStatus): the same key returns the existing notification (200), a different body is 409; "
            + "the key may also come as the Idempotency-Key header, whose reuse with a different body is 422.")
record CreateNotificationBody(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String merchantId,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            allowableValues = {"ALIPAY", "WECHAT_V3", "WECHAT_V2", "WEBHOOK"})
        @Nullable String channel,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String orderNo,
    @Nullable String transactionId,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            allowableValues = {"SUCCESS", "FAILED", "CANCELLED", "TIMEOUT", "REFUNDED"})
        @Nullable String paymentStatus,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            type = "string",
            description = "Decimal string (a JSON number is read " + "exactly too), never a float",
            example = "100.00")
        @JsonDeserialize(using = JsonBodies.ExactDecimal.class)
        @Nullable BigDecimal amount,
    @Schema(type = "string", description = "Decimal string; for REFUNDED, defaults to amount")
        @JsonDeserialize(using = JsonBodies.ExactDecimal.class)
        @Nullable BigDecimal refundAmount,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "CNY") @Nullable String currency,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            example = "https://shop.example/pay/notify")
        @Nullable String notifyUrl,
    @Schema(
            type = "object",
            description =
                "Free JSON object merged into the payload, at most 64 KiB; a key the channel's "
                    + "wire format uses is refused (422)")
        @Nullable JsonNode extra,
    @Schema(description = "A retry policy name; defaults to the channel's")
        @Nullable String retryPolicy,
    @Schema(description = "Or the Idempotency-Key header; both given must be equal")
        @Nullable String idempotencyKey,
    @Schema(
            description =
                "When the payment was paid, ISO-8601 with an offset; sent as Alipay's gmt_payment and WeChat "
                    + "Pay's success_time / time_end in the channel's own zone and format. For SUCCESS and REFUNDED only; defaults to "
                    + "when the status was reported (the creation)",
            example = "2026-12-01T10:15:30+08:00")
        @Nullable String paidAt,
    @Schema(
            description =
                "For REFUNDED, when the refund was made, ISO-8601 with an offset; sent as Alipay's gmt_refund "
                    + "and WeChat Pay v3's refund success_time; defaults to when the status was reported",
            example = "2026-12-02T09:00:00+08:00")
        @Nullable String refundedAt,
    @Schema(
            description =
                "HTTP headers added to every attempt's callback, after the merchant's default headers (a name "
                    + "given in both is this one's): at most 10, names HTTP tokens, values printable ASCII without CR/LF, at most 2048 "
                    + "characters. A name HTTP or a wire format owns (Host, Content-*, Transfer-Encoding, Connection, User-Agent, "
                    + "Webhook-*, Wechatpay-*, …) is refused (422)",
            example = "{\"X-Shop-Route\":\"eu-1\"}")
        @Nullable Map<String, String> headers) {

  /**
   * Just under 64 KiB: what a MySQL {@code TEXT} column, which holds {@code extra}, takes at most.
   */
  static final int MAX_EXTRA_BYTES = 65_535;

  /**
   * The core's request for this one create, with the field at fault named when a value is missing
   * or not what it must be. The one conversion of a create, for the single and the bulk endpoint.
   */
  NotificationRequest toRequest() {
    return new NotificationRequest(
        JsonBodies.required("merchantId", merchantId),
        JsonBodies.requiredEnum("channel", channel, Channel.class),
        JsonBodies.required("orderNo", orderNo),
        JsonBodies.optional("transactionId", transactionId),
        JsonBodies.requiredEnum("paymentStatus", paymentStatus, PaymentStatus.class),
        JsonBodies.requiredDecimal("amount", amount),
        refundAmount,
        JsonBodies.required("currency", currency),
        JsonBodies.required("notifyUrl", notifyUrl),
        JsonBodies.object("extra", extra, MAX_EXTRA_BYTES),
        JsonBodies.optional("retryPolicy", retryPolicy),
        JsonBodies.optional("idempotencyKey", idempotencyKey),
        JsonBodies.instant("paidAt", paidAt),
        JsonBodies.instant("refundedAt", refundedAt),
        headers == null ? Map.of() : headers);
  }

  /** The same create with the idempotency key given outside the body (the header). */
  CreateNotificationBody withIdempotencyKey(@Nullable String key) {
    return new CreateNotificationBody(
        merchantId,
        channel,
        orderNo,
        transactionId,
        paymentStatus,
        amount,
        refundAmount,
        currency,
        notifyUrl,
        extra,
        retryPolicy,
        key,
        paidAt,
        refundedAt,
        headers);
  }
}
