package com.paynotify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.Paynotify;
import com.paynotify.merchant.MerchantStore;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.NotificationReports;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicy;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A claim's lease covers the slowest known policy, whatever lease was configured. */
class DispatcherLeaseTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
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
  private final List<Duration> leases = new ArrayList<>();

  @Test
  void startsWithAStoredPolicyTheLeaseCannotCoverAndClaimsLongEnoughForIt() {
    var policies = new RetryPolicies();
    policies.define(new RetryPolicy("slow", List.of(Duration.ofMinutes(1)), Duration.ofMinutes(2)));

    var dispatcher = dispatcher(policies, Duration.ofSeconds(60));
    dispatcher.runOnce();

    assertThat(leases).containsExactly(Duration.ofSeconds(2 * 120 + 5));
  }

  @Test
  void lengthensTheLeaseForAPolicyLearntWhileRunning() {
    var policies = new RetryPolicies();
    var dispatcher = dispatcher(policies, Duration.ofSeconds(60));
    dispatcher.runOnce();

    policies.define(
        new RetryPolicy("slow", List.of(Duration.ofMinutes(1)), Duration.ofSeconds(40)));
    dispatcher.runOnce();

    assertThat(leases).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(2 * 40 + 5));
  }

  private Paynotify dispatcher(RetryPolicies policies, Duration lease) {
    var store =
        (DeliveryQueue)
            Proxy.newProxyInstance(
                DeliveryQueue.class.getClassLoader(),
                new Class<?>[] {DeliveryQueue.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("claimDue")) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  leases.add(
                      args[0] instanceof Instant now
                          ? Duration.between(now, (Instant) args[2])
                          : (Duration) args[2]);
                  return List.of();
                });
    Transport transport =
        (url, callback, timeout) -> {
          throw new AssertionError("nothing is claimed");
        };
    return Paynotify.builder(store, NO_REPORTS, NO_MERCHANTS, (m, c, t) -> Optional.empty())
        .transport((network, resolver, connections, perHost) -> transport)
        .clock(InstantSource.fixed(NOW))
        .policies(policies)
        .lease(lease)
        .build();
  }
}
