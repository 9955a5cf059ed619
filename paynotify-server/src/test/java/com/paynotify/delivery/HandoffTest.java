package com.paynotify.delivery;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.Paynotify;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.http.HttpClient5Transport;
import com.paynotify.merchant.Merchant;
import com.paynotify.notification.CreateResult;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import com.paynotify.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fresh notification goes from the create to this node's dispatcher in memory, inserted already
 * leased, with no claim; when it may not (no room, a busy order, a dead node), the claim takes it.
 * A real H2 store, a real local merchant, a settable clock.
 */
class HandoffTest {
  private static final Duration LEASE = Duration.ofSeconds(60);
  private final MutableClock clock = new MutableClock(T0);
  private final FakeMerchant merchant = FakeMerchant.start();
  private final NetworkPolicy loopbackAllowed =
      NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")));
  private final RetryPolicies policies = new RetryPolicies();
  private final AtomicInteger claimed = new AtomicInteger();
  private final EngineStores stores = EngineStores.onH2();
  private final JdbcDeliveryQueue queue = stores.queue;
  private final JdbcNotificationReports reports = stores.reports;
  private final JdbcMerchantStore merchants = stores.merchants;
  private final MerchantCredentials credentials =
      new MerchantCredentials(merchants, stores.channels, clock, Duration.ZERO);

  @BeforeEach
  void setUp() {
    merchants.create(Merchant.register("shop", "Shop", List.of(), T0));
  }

  @AfterEach
  void tearDown() {
    merchant.close();
    stores.close();
  }

  @Test
  void aFreshNotificationIsDeliveredWithoutAClaim() {
    try (var paynotify = engine(Paynotify.DEFAULT_MAX_IN_FLIGHT)) {
      paynotify.start();

      var created = create(paynotify, "O-FRESH", PaymentStatus.SUCCESS);

      assertThat(created.status()).isEqualTo(NotificationStatus.DELIVERING);
      assertThat(created.leaseUntil()).isEqualTo(T0.plus(LEASE));
      assertThat(merchant.awaitRequests(1, Duration.ofSeconds(10)))
          .singleElement()
          .satisfies(r -> assertThat(r.header("webhook-id")).isEqualTo(created.id()));
      awaitStatus(created, NotificationStatus.SUCCEEDED);
      assertThat(queue.find(created.id()).orElseThrow().attempts()).isEqualTo(1);
      assertThat(claimed).as("notifications claimed from the store").hasValue(0);
    }
  }

  @Test
  void aNodeWithoutRoomLeavesTheNotificationToTheClaim() {
    merchant.thenReply(Reply.hang(Duration.ofMillis(500)));
    try (var paynotify = engine(1)) {
      paynotify.start();

      var first = create(paynotify, "O-ROOM-1", PaymentStatus.SUCCESS);
      var second = create(paynotify, "O-ROOM-2", PaymentStatus.SUCCESS);

      assertThat(first.status()).isEqualTo(NotificationStatus.DELIVERING);
      assertThat(second.status())
          .as("no room: inserted for the claim")
          .isEqualTo(NotificationStatus.PENDING);
      awaitStatus(second, NotificationStatus.SUCCEEDED);
      awaitStatus(first, NotificationStatus.SUCCEEDED);
      assertThat(claimed).hasValue(1);
      assertThat(merchant.received()).hasSize(2);
    }
  }

  @Test
  void aLaterEventOfAnOrderInFlightWaitsForTheClaim() {
    merchant.thenReply(Reply.hang(Duration.ofMillis(500)));
    try (var paynotify = engine(Paynotify.DEFAULT_MAX_IN_FLIGHT)) {
      paynotify.start();

      var paid = create(paynotify, "O-ORDER", PaymentStatus.SUCCESS);
      var refunded = create(paynotify, "O-ORDER", PaymentStatus.REFUNDED);

      assertThat(paid.status()).isEqualTo(NotificationStatus.DELIVERING);
      assertThat(refunded.status()).isEqualTo(NotificationStatus.PENDING);
      awaitStatus(refunded, NotificationStatus.SUCCEEDED);
      var requests = merchant.received();
      assertThat(requests)
          .extracting(r -> r.header("webhook-id"))
          .containsExactly(paid.id(), refunded.id());
    }
  }

  @Test
  void aStoppedEngineTakesNothingAndTheNotificationIsLeftToTheClaim() {
    try (var paynotify = engine(Paynotify.DEFAULT_MAX_IN_FLIGHT)) {
      var created = create(paynotify, "O-STOPPED", PaymentStatus.SUCCESS);

      assertThat(created.status()).isEqualTo(NotificationStatus.PENDING);
      assertThat(paynotify.runOnce()).isEqualTo(1);
      assertThat(queue.find(created.id()).orElseThrow().status())
          .isEqualTo(NotificationStatus.SUCCEEDED);
    }
  }

  @Test
  void aNotificationLeasedToANodeThatDiedIsTakenOverOnceItsLeaseLapses() {
    // The node that inserted it died right after the commit, before any attempt.
    var inserted = aNotification().merchantId("shop").notifyUrl(merchant.url("/notify")).build();
    var result = queue.createAll(List.of(inserted), new LeaseOffer(clock, LEASE, 1)).getFirst();
    var leased = ((CreateResult.Done) result).outcome().notification();
    assertThat(leased.status()).isEqualTo(NotificationStatus.DELIVERING);

    try (var survivor = engine(Paynotify.DEFAULT_MAX_IN_FLIGHT)) {
      clock.tick(LEASE.minusMillis(1));
      assertThat(survivor.runOnce()).as("claimed while the dead node's lease holds").isZero();
      clock.tick(Duration.ofMillis(1));
      assertThat(survivor.runOnce()).isEqualTo(1);
    }

    var delivered = queue.find(leased.id()).orElseThrow();
    assertThat(delivered.status()).isEqualTo(NotificationStatus.SUCCEEDED);
    assertThat(delivered.attempts()).isEqualTo(1);
    assertThat(merchant.received()).hasSize(1);
  }

  private Paynotify engine(int maxInFlight) {
    return Paynotify.builder(queue, reports, merchants, credentials)
        .transport(HttpClient5Transport::new)
        .policies(policies)
        .network(loopbackAllowed)
        .clock(clock)
        .lease(LEASE)
        .maxInFlight(maxInFlight)
        .pollInterval(Duration.ofMillis(50))
        .deliveryListener(
            new DeliveryListener() {
              @Override
              public void claimed(int count) {
                claimed.addAndGet(count);
              }
            })
        .build();
  }

  private Notification create(Paynotify paynotify, String orderNo, PaymentStatus status) {
    var request =
        new NotificationRequest(
            "shop",
            Channel.WEBHOOK,
            orderNo,
            "TX-" + orderNo,
            status,
            new BigDecimal("100.00"),
            null,
            "CNY",
            merchant.url("/notify"),
            Map.of(),
            null,
            null);
    return paynotify.create(request).notification();
  }

  private void awaitStatus(Notification n, NotificationStatus status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (queue.find(n.id()).orElseThrow().status() != status && System.nanoTime() < deadline) {
      sleep();
    }
    assertThat(queue.find(n.id()).orElseThrow().status()).isEqualTo(status);
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
