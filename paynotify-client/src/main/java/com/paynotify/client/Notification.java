package com.paynotify.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A notification as the server shows it: the payment event, where and how it is delivered, and how
 * its delivery stands. {@code history} holds its attempts when it was read by id, and is null in a
 * search or a create.
 */
public record Notification(
    String id,
    String merchantId,
    Channel channel,
    String orderNo,
    @Nullable String transactionId,
    PaymentStatus paymentStatus,
    BigDecimal amount,
    @Nullable BigDecimal refundAmount,
    String currency,
    String notifyUrl,
    Map<String, Object> extra,
    String retryPolicy,
    String idempotencyKey,
    NotificationStatus status,
    int attempts,
    int maxAttempts,
    @Nullable Instant nextAttemptAt,
    @Nullable Integer lastHttpStatus,
    @Nullable String lastResponse,
    @Nullable String lastError,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant completedAt,
    @Nullable String abandonReason,
    @Nullable List<Attempt> history) {

  /**
   * One HTTP try of the delivery.
   *
   * @param response the first 2 KiB of the merchant's answer
   * @param errorKind why it failed ({@code TIMEOUT}, {@code CONNECT}, {@code HTTP_STATUS}, ...),
   *     null when it did not
   */
  public record Attempt(
      int number,
      Instant startedAt,
      long durationMs,
      @Nullable Integer httpStatus,
      @Nullable String response,
      @Nullable String errorKind,
      @Nullable String error,
      String outcome) {}
}
