package com.paynotify.bench;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationIds;
import com.paynotify.notification.NotificationStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backlog of notifications all due at one instant, stored straight into the database, then
 * drained by the running server: deliveries per second with work waiting, and how late each first
 * attempt starts after its due time.
 */
final class Backlog {
  private Backlog() {}

  static void drain(DeliveryQueue queue, MockMerchant merchant, int size)
      throws InterruptedException {
    var fill = Duration.ofSeconds(Math.max(10, size / 1500));
    var dueAt = Instant.now().plus(fill).truncatedTo(ChronoUnit.MILLIS);
    var stored = new AtomicInteger();
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < size; i++) {
        var orderNo = "BACKLOG-" + i;
        pool.execute(
            () -> {
              queue
                  .createAll(List.of(notification(orderNo, merchant.url(), dueAt)), LeaseOffer.NONE)
                  .getFirst()
                  .orThrow();
              stored.incrementAndGet();
            });
      }
    }
    if (Instant.now().isAfter(dueAt)) {
      System.out.printf(
          "backlog: storing %d took past the due time; rerun with a smaller --backlog%n", size);
    }
    var deadline = dueAt.plusSeconds(120);
    while (merchant.arrivals().size() < size && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    var lateness = new ArrayList<Duration>();
    Instant last = dueAt;
    for (var arrived : merchant.arrivals().values()) {
      lateness.add(Duration.between(dueAt, arrived));
      last = arrived.isAfter(last) ? arrived : last;
    }
    var elapsed = Duration.between(dueAt, last);
    System.out.printf(
        "backlog of %d due at once: delivered %d in %.2f s, %.0f deliveries/second%n",
        stored.get(),
        lateness.size(),
        DeliveryBenchmark.seconds(elapsed),
        lateness.size() / DeliveryBenchmark.seconds(elapsed));
    System.out.printf(
        "first attempt after its due time: p50 %d ms, p99 %d ms%n",
        Percentiles.of(lateness, 50).toMillis(), Percentiles.of(lateness, 99).toMillis());
  }

  private static Notification notification(String orderNo, String url, Instant dueAt) {
    var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return Notification.builder()
        .id(NotificationIds.next(now))
        .merchantId("bench")
        .channel(Channel.WEBHOOK)
        .orderNo(orderNo)
        .paymentStatus(PaymentStatus.SUCCESS)
        .amount(new BigDecimal("100.00"))
        .currency("CNY")
        .notifyUrl(url)
        .extra(Map.of())
        .retryPolicy("standard")
        .idempotencyKey(orderNo + "|SUCCESS")
        .fingerprint(orderNo)
        .status(NotificationStatus.PENDING)
        .attempts(0)
        .maxAttempts(6)
        .nextAttemptAt(dueAt)
        .createdAt(now)
        .updatedAt(now)
        .version(0)
        .build();
  }
}
