package com.paynotify.testkit;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Test-data builders for notifications: {@code aNotification().orderNo("O1").build()}. */
public final class Notifications {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Notifications() {}

  /** A PENDING webhook notification due at {@link #T0}, with a fresh id and order number. */
  public static Notification.Builder aNotification() {
    var id = "ntf_" + UUID.randomUUID().toString().replace("-", "");
    var orderNo = "ORDER-" + UUID.randomUUID().toString().substring(0, 8);
    return Notification.builder()
        .id(id)
        .merchantId("m1")
        .channel(Channel.WEBHOOK)
        .orderNo(orderNo)
        .transactionId("TX-" + orderNo)
        .paymentStatus(PaymentStatus.SUCCESS)
        .amount(new BigDecimal("100.00"))
        .currency("CNY")
        .notifyUrl("https://merchant.example/notify")
        .extra(Map.of())
        .retryPolicy("standard")
        .idempotencyKey(orderNo + "|SUCCESS")
        .fingerprint("fp-" + orderNo)
        .status(NotificationStatus.PENDING)
        .attempts(0)
        .maxAttempts(6)
        .nextAttemptAt(T0)
        .createdAt(T0)
        .updatedAt(T0)
        .version(0);
  }
}
