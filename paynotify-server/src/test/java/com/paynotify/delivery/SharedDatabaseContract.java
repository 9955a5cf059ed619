package com.paynotify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.Paynotify;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.http.HttpClient5Transport;
import com.paynotify.merchant.Merchant;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicy;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcRetryPolicyStore;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.TestDatabase;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines, as two server instances would, sharing one database: every notification is
 * delivered, and none twice, while both claim at full speed.
 */
abstract class SharedDatabaseContract {
  private final FakeMerchant merchant = FakeMerchant.start();
  private final NetworkPolicy loopback = NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")));
  private EngineStores stores;

  protected abstract TestDatabase newDatabase();

  @AfterEach
  void tearDown() {
    merchant.close();
    if (stores != null) {
      stores.close();
    }
  }

  @Test
  void twoInstancesShareTheWorkAndNeverSendTheSameNotificationTwice() throws Exception {
    stores = new EngineStores(newDatabase());
    var merchants = stores.merchants;
    merchants.create(Merchant.register("shop", "Shop", List.of(), Instant.now()));
    var clock = InstantSource.system();
    var policies = new RetryPolicies();
    var credentials =
        new MerchantCredentials(merchants, stores.channels, clock, Duration.ofSeconds(5));
    var queueA = stores.queue;
    var queueB = new JdbcDeliveryQueue(stores.database.dataSource());
    int total = 300;
    try (var a =
            node(queueA, merchants, credentials, policies)
                .batchSize(20)
                .pollInterval(Duration.ofMillis(20))
                .build();
        var b =
            node(queueB, merchants, credentials, policies)
                .batchSize(20)
                .pollInterval(Duration.ofMillis(20))
                .build()) {

      for (int i = 0; i < total; i++) {
        a.create(
            new NotificationRequest(
                "shop",
                Channel.WEBHOOK,
                "O-" + i,
                null,
                PaymentStatus.SUCCESS,
                new BigDecimal("1.00"),
                null,
                "CNY",
                merchant.url("/notify"),
                Map.of(),
                null,
                null));
      }
      a.start();
      b.start();
      merchant.awaitRequests(total, Duration.ofSeconds(30));
      awaitAllSucceeded(stores.reports, total);
    }

    var perId =
        merchant.received().stream()
            .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
    assertThat(perId).hasSize(total);
    assertThat(perId.values()).allMatch(count -> count == 1);
  }

  @Test
  void aMerchantSlowerThanTheLeaseNeverHasTwoCopiesOfOneNotificationOpenAtOnce() throws Exception {
    stores = new EngineStores(newDatabase());
    var merchants = stores.merchants;
    merchants.create(Merchant.register("shop", "Shop", List.of(), Instant.now()));
    var clock = InstantSource.system();
    var policyStore = new JdbcRetryPolicyStore(stores.database.dataSource());
    // Stored before a policy had to fit the lease: 3s attempts against a 2s lease.
    policyStore.save(
        new RetryPolicy("legacy", List.of(Duration.ofMinutes(1)), Duration.ofSeconds(3)));
    var lease = Duration.ofSeconds(2);
    var policiesA = new RetryPolicies(policyStore, clock);
    policyStore.findAll().forEach(policiesA::define);
    var policiesB = new RetryPolicies(policyStore, clock);
    var credentials =
        new MerchantCredentials(merchants, stores.channels, clock, Duration.ofSeconds(5));
    var queueA = stores.queue;
    var queueB = new JdbcDeliveryQueue(stores.database.dataSource());
    int total = 8;
    try (var slow = SlowMerchant.answeringAfter(Duration.ofMillis(2_500));
        var a =
            node(queueA, merchants, credentials, policiesA)
                .lease(lease)
                .pollInterval(Duration.ofMillis(20))
                .build();
        var b =
            node(queueB, merchants, credentials, policiesB)
                .lease(lease)
                .pollInterval(Duration.ofMillis(20))
                .build()) {
      for (int i = 0; i < total; i++) {
        a.create(
            new NotificationRequest(
                "shop",
                Channel.WEBHOOK,
                "S-" + i,
                null,
                PaymentStatus.SUCCESS,
                new BigDecimal("1.00"),
                null,
                "CNY",
                slow.url(),
                Map.of(),
                "legacy",
                null));
      }

      a.start();
      b.start();
      var succeeded = awaitSucceeded(stores.reports, total);

      assertThat(slow.mostOpenAtOnce())
          .as("copies of one notification open at once")
          .isLessThanOrEqualTo(1);
      assertThat(slow.copies())
          .hasSize(total)
          .allSatisfy((id, copies) -> assertThat(copies).isEqualTo(1));
      assertThat(succeeded).isEqualTo(total);
    }
  }

  /** One server instance's engine over its own queue, sending to loopback merchants. */
  private Paynotify.Builder node(
      JdbcDeliveryQueue queue,
      JdbcMerchantStore merchants,
      MerchantCredentials credentials,
      RetryPolicies policies) {
    return Paynotify.builder(
            queue,
            new JdbcNotificationReports(stores.database.dataSource()),
            merchants,
            credentials)
        .transport(HttpClient5Transport::new)
        .policies(policies)
        .network(loopback)
        .maxPerHost(32);
  }

  /**
   * A merchant that answers only after a while, counting the copies of each notification it has
   * open.
   */
  private static final class SlowMerchant implements AutoCloseable {
    private final HttpServer server;
    private final Duration delay;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final Map<String, Integer> copies = new ConcurrentHashMap<>();
    private final AtomicInteger mostOpen = new AtomicInteger();

    private SlowMerchant(HttpServer server, Duration delay) {
      this.server = server;
      this.delay = delay;
    }

    static SlowMerchant answeringAfter(Duration delay) throws IOException {
      var merchant =
          new SlowMerchant(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64), delay);
      merchant.server.createContext("/", merchant::handle);
      merchant.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      merchant.server.start();
      return merchant;
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
    }

    int mostOpenAtOnce() {
      return mostOpen.get();
    }

    Map<String, Integer> copies() {
      return Map.copyOf(copies);
    }

    private void handle(HttpExchange exchange) throws IOException {
      var id = exchange.getRequestHeaders().getFirst("webhook-id");
      exchange.getRequestBody().readAllBytes();
      copies.merge(id, 1, Integer::sum);
      mostOpen.accumulateAndGet(open.merge(id, 1, Integer::sum), Math::max);
      try {
        Thread.sleep(delay);
        exchange.sendResponseHeaders(200, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        // The caller gave up: nothing to answer.
      } finally {
        open.merge(id, -1, Integer::sum);
        exchange.close();
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static void awaitAllSucceeded(JdbcNotificationReports reports, int total)
      throws InterruptedException {
    assertThat(awaitSucceeded(reports, total)).isEqualTo(total);
  }

  /** How many notifications succeeded once {@code total} did, or 30 seconds passed. */
  private static long awaitSucceeded(JdbcNotificationReports reports, int total)
      throws InterruptedException {
    var query =
        new NotificationQuery(null, null, NotificationStatus.SUCCEEDED, null, null, null, 0, 1);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (reports.search(query).total() < total && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return reports.search(query).total();
  }
}
