package com.paynotify.server.api;

import com.paynotify.notification.Attempt;
import com.paynotify.notification.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A notification as the API shows it; amounts are decimal strings, times ISO-8601 UTC. {@code
 * headers} are the notification's own; an attempt's {@code requestHeaders} are all it added, a
 * merchant default header's value {@code redacted}.
 */
public record NotificationView(
    String id,
    String merchantId,
    String channel,
    String orderNo,
    @Nullable String transactionId,
    String paymentStatus,
    String amount,
    @Nullable String refundAmount,
    String currency,
    String notifyUrl,
    Map<String, Object> extra,
    String retryPolicy,
    String idempotencyKey,
    String status,
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
    @Nullable List<AttemptView> history,
    @Nullable Instant paidAt,
    @Nullable Instant refundedAt,
    Map<String, String> headers) {

  static NotificationView of(Notification n) {
    return of(n, null);
  }

  static NotificationView of(Notification n, @Nullable List<Attempt> attempts) {
    return new NotificationView(
        n.id(),
        n.merchantId(),
        n.channel().name(),
        n.orderNo(),
        n.transactionId(),
        n.paymentStatus().name(),
        n.amount().toPlainString(),
        n.refundAmount() == null ? null : n.refundAmount().toPlainString(),
        n.currency(),
        n.notifyUrl(),
        n.extra(),
        n.retryPolicy(),
        n.idempotencyKey(),
        n.status().name(),
        n.attempts(),
        n.maxAttempts(),
        n.nextAttemptAt(),
        n.lastHttpStatus(),
        n.lastResponse(),
        n.lastError(),
        n.createdAt(),
        n.updatedAt(),
        n.completedAt(),
        n.abandonReason(),
        attempts == null ? null : attempts.stream().map(AttemptView::of).toList(),
        n.paidAt(),
        n.refundedAt(),
        n.headers());
  }

  /** One attempt as the API shows it. */
  public record AttemptView(
      int number,
      Instant startedAt,
      long durationMs,
      @Nullable Integer httpStatus,
      @Nullable String response,
      @Nullable String errorKind,
      @Nullable String error,
      String outcome,
      Map<String, String> requestHeaders) {

    static AttemptView of(Attempt a) {
      return new AttemptView(
          a.number(),
          a.startedAt(),
          a.duration().toMillis(),
          a.httpStatus(),
          a.response(),
          a.errorKind() == null ? null : a.errorKind().name(),
          a.error(),
          a.succeeded() ? "SUCCEEDED" : "FAILED",
          a.requestHeaders());
    }
  }
}
