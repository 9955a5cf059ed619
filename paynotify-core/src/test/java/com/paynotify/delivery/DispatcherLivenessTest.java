package com.paynotify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.Paynotify;
import com.paynotify.merchant.MerchantStore;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.NotificationReports;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The engine reports itself unhealthy when its loop stops starting passes. */
class DispatcherLivenessTest {
  private static final MerchantStore NO_MERCHANTS =
      (MerchantStore)
          Proxy.newProxyInstance(
              MerchantStore.class.getClassLoader(),
              new Class<?>[] {MerchantStore.class},
              (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
              });
  private static final NotificationReports NO_REPORTS =
      (NotificationReports)
          Proxy.newProxyInstance(
              NotificationReports.class.getClassLoader(),
              new Class<?>[] {NotificationReports.class},
              (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
              });
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void reportsALoopStuckInTheStoreAndRecoversWhenItMovesAgain() throws Exception {
    var store = new HangingStore();
    var transport =
        (Transport)
            (url, callback, timeout) -> {
              throw new AssertionError("nothing is ever claimed");
            };
    try (var dispatcher =
        Paynotify.builder(store.asQueue(), NO_REPORTS, NO_MERCHANTS, (m, c, t) -> Optional.empty())
            .transport((network, resolver, connections, perHost) -> transport)
            .clock(now::get)
            .pollInterval(Duration.ofMillis(10))
            .stuckAfter(Duration.ofSeconds(60))
            .build()) {
      dispatcher.start();
      assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();

      now.set(now.get().plusSeconds(59));
      var beforeTheLimit = dispatcher.healthy();
      now.set(now.get().plusSeconds(2));
      var pastTheLimit = dispatcher.healthy();
      store.release.countDown();
      var recovered = awaitHealthy(dispatcher);

      assertThat(beforeTheLimit).isTrue();
      assertThat(pastTheLimit).isFalse();
      assertThat(recovered).isTrue();
    }
  }

  @Test
  void isUnhealthyWhenStopped() {
    Transport transport =
        (url, cb, t) -> {
          throw new AssertionError();
        };
    var dispatcher =
        Paynotify.builder(
                new HangingStore().asQueue(),
                NO_REPORTS,
                NO_MERCHANTS,
                (m, c, t) -> Optional.empty())
            .transport((network, resolver, connections, perHost) -> transport)
            .build();

    assertThat(dispatcher.healthy()).isFalse();
  }

  private static boolean awaitHealthy(Paynotify dispatcher) throws InterruptedException {
    for (int i = 0; i < 500 && !dispatcher.healthy(); i++) {
      Thread.sleep(10);
    }
    return dispatcher.healthy();
  }

  /** A store whose first claim hangs until released, as a store behind a dead connection would. */
  private static final class HangingStore {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    DeliveryQueue asQueue() {
      return (DeliveryQueue)
          Proxy.newProxyInstance(
              DeliveryQueue.class.getClassLoader(),
              new Class<?>[] {DeliveryQueue.class},
              (proxy, method, args) -> {
                if (!method.getName().equals("claimDue")) {
                  throw new UnsupportedOperationException(method.getName());
                }
                entered.countDown();
                release.await();
                return List.of();
              });
    }
  }
}
