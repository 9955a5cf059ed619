package com.paynotify.server.api;

import com.paynotify.notification.Notification;
import com.paynotify.payment.Notice;
import com.paynotify.payment.Payment;
import com.paynotify.payment.StatusChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A payment as the API shows it: amounts are decimal strings, times ISO-8601 UTC, and of its
 * headers only the names (a value may be a gateway's credential).
 *
 * @param notice what the write answered did about notifying (absent on a read)
 * @param history the status history, oldest first (on a read and a create)
 * @param notifications the notifications its moves created (on a read)
 */
public record PaymentView(
    String paymentId,
    String merchantId,
    String orderNo,
    @Nullable String transactionId,
    String channel,
    String amount,
    String refundedAmount,
    @Nullable String refundingAmount,
    String currency,
    String notifyUrl,
    String status,
    @Nullable Instant paidAt,
    @Nullable Instant refundedAt,
    Map<String, Object> extra,
    List<String> headerNames,
    @Nullable String retryPolicy,
    Instant createdAt,
    Instant updatedAt,
    long version,
    @Nullable NoticeView notice,
    @Nullable List<ChangeView> history,
    @Nullable List<NotificationView> notifications) {

  static PaymentView of(
      Payment p,
      @Nullable Notice notice,
      @Nullable List<StatusChange> history,
      @Nullable List<Notification> notifications) {
    return new PaymentView(
        p.paymentId(),
        p.merchantId(),
        p.orderNo(),
        p.transactionId(),
        p.channel().name(),
        p.amount().toPlainString(),
        p.refunded().toPlainString(),
        p.refunding() == null ? null : p.refunding().toPlainString(),
        p.currency(),
        p.notifyUrl(),
        p.status().name(),
        p.paidAt(),
        p.refundedAt(),
        p.extra(),
        List.copyOf(new TreeSet<>(p.headers().keySet())),
        p.retryPolicy(),
        p.createdAt(),
        p.updatedAt(),
        p.version(),
        notice == null ? null : NoticeView.of(notice),
        history == null ? null : history.stream().map(ChangeView::of).toList(),
        notifications == null ? null : notifications.stream().map(NotificationView::of).toList());
  }

  /**
   * What a write did about notifying the merchant.
   *
   * @param outcome {@code QUEUED} (a notification was created), {@code EXISTING} (the one with its
   *     key was already stored), {@code NOT_NOTIFIED} (PROCESSING and REFUNDING notify nobody),
   *     {@code REFUSED} (the status is notified but this notification was refused: {@code reason})
   */
  public record NoticeView(
      String outcome, @Nullable String notificationId, @Nullable String reason) {
    static NoticeView of(Notice notice) {
      return switch (notice) {
        case Notice.Queued(var n, var created) ->
            new NoticeView(created ? "QUEUED" : "EXISTING", n.id(), null);
        case Notice.Silent silent -> new NoticeView("NOT_NOTIFIED", null, null);
        case Notice.Refused(var reason) -> new NoticeView("REFUSED", null, reason);
      };
    }
  }

  /**
   * One status history entry.
   *
   * @param idempotencyKey the key the move was made under (the {@code Idempotency-Key} header, a
   *     broker message's), null when it had none
   */
  public record ChangeView(
      long number,
      @Nullable String from,
      String to,
      @Nullable String refundAmount,
      @Nullable String reason,
      @Nullable String notificationId,
      @Nullable String refusal,
      Instant at,
      @Nullable String idempotencyKey) {
    static ChangeView of(StatusChange c) {
      return new ChangeView(
          c.number(),
          c.from() == null ? null : c.from().name(),
          c.to().name(),
          c.refundAmount() == null ? null : c.refundAmount().toPlainString(),
          c.reason(),
          c.notificationId(),
          c.refusal(),
          c.at(),
          c.idempotencyKey());
    }
  }
}
