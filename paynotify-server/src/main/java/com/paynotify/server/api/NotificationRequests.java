package com.paynotify.server.api;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.NotificationRequest;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/notifications} read into a {@link NotificationRequest}: the one
 * reading of a notification create, which the HTTP API and the broker ingestion both call, so a
 * message is refused for exactly the reasons a request is.
 */
public final class NotificationRequests {
  private NotificationRequests() {}

  /**
   * Reads a create body.
   *
   * @throws MalformedRequestException when the body is not a JSON object
   * @throws com.paynotify.InvalidRequestException naming the field that is missing or wrong
   */
  public static NotificationRequest parse(@Nullable String body) {
    var fields = JsonFields.of(body);
    return new NotificationRequest(
        fields.requiredString("merchantId"),
        fields.requiredEnum("channel", Channel.class),
        fields.requiredString("orderNo"),
        fields.optionalString("transactionId"),
        fields.requiredEnum("paymentStatus", PaymentStatus.class),
        fields.requiredDecimal("amount"),
        fields.optionalDecimal("refundAmount"),
        fields.requiredString("currency"),
        fields.requiredString("notifyUrl"),
        fields.optionalObject("extra", NotificationController.MAX_EXTRA_BYTES),
        fields.optionalString("retryPolicy"),
        fields.optionalString("idempotencyKey"));
  }
}
