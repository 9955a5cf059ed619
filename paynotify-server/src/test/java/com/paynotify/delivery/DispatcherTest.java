package com.paynotify.delivery;

import static com.paynotify.testkit.Notifications.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.paynotify.HostResolver;
import com.paynotify.InvalidRequestException;
import com.paynotify.Paynotify;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.WebhookSignature;
import com.paynotify.http.HttpClient5Transport;
import com.paynotify.merchant.Merchant;
import com.paynotify.notification.ErrorKind;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicy;
import com.paynotify.store.jdbc.JdbcChannelCredentialStore;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcRetryPolicyStore;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import com.paynotify.testkit.MutableClock;
import com.paynotify.testkit.TestDatabase;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's delivery, driven one {@link Paynotify#runOnce() pass} at a time on a settable clock,
 * against a real H2 store and a real local merchant.
 */
class DispatcherTest {
  private final MutableClock clock = new MutableClock(T0);
  private final FakeMerchant merchant = FakeMerchant.start();
  private final NetworkPolicy loopbackAllowed =
      NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")));
  private final RetryPolicies policies = new RetryPolicies();
  private final EngineStores stores = EngineStores.onH2();
  private final TestDatabase database = stores.database;
  private final JdbcDeliveryQueue queue = stores.queue;
  private final JdbcNotificationReports reports = stores.reports;
  private final JdbcMerchantStore merchants = stores.merchants;
  private final JdbcChannelCredentialStore channels = stores.channels;
  private final List<Paynotify> engines = new ArrayList<>();
  private Paynotify paynotify;
  private Merchant shop;

  @BeforeEach
  void setUp() {
    paynotify = engine(b -> b);
    shop = Merchant.register("shop", "Shop", List.of(), T0);
    merchants.create(shop);
  }

  @AfterEach
  void tearDown() {
    engines.forEach(Paynotify::close);
    merchant.close();
    stores.close();
  }

  /**
   * The engine over this test's stores, policies and clock, changed by {@code settings}; closed
   * after the test.
   */
  private Paynotify engine(UnaryOperator<Paynotify.Builder> settings) {
    return engine(new MerchantCredentials(merchants, channels, clock, Duration.ZERO), settings);
  }

  private Paynotify engine(
      CredentialSource credentials, UnaryOperator<Paynotify.Builder> settings) {
    var engine =
        settings
            .apply(
                Paynotify.builder(queue, reports, merchants, credentials)
                    .transport(HttpClient5Transport::new)
                    .policies(policies)
                    .network(loopbackAllowed)
                    .clock(clock))
            .build();
    engines.add(engine);
    return engine;
  }

  private Notification create(String orderNo, PaymentStatus status, String policy) {
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
            Map.of("note", "first"),
            policy,
            null);
    return paynotify.create(request).notification();
  }

  private Notification reload(Notification n) {
    return queue.find(n.id()).orElseThrow();
  }

  @Test
  void anEngineStartedAgainAfterItWasStoppedStillDelivers() {
    paynotify.start();
    paynotify.stop();

    paynotify.start();
    try {
      var notification = create("O-RESTART", PaymentStatus.SUCCESS, null);

      assertThat(merchant.awaitRequests(1, Duration.ofSeconds(10))).hasSize(1);
      assertThat(merchant.received().getFirst().header("webhook-id")).isEqualTo(notification.id());
    } finally {
      paynotify.stop();
    }
  }

  @Test
  void deliversASignedWebhookAndRecordsTheSuccess() {
    var notification = create("O-1", PaymentStatus.SUCCESS, null);

    paynotify.runOnce();

    var request = merchant.received().getFirst();
    WebhookSignature.verify(
        shop.webhookCredentials(clock.instant()).secrets(),
        request.header("webhook-id"),
        request.header("webhook-timestamp"),
        request.header("webhook-signature"),
        request.body(),
        clock.instant(),
        Duration.ofMinutes(5));
    assertThat(request.header("webhook-id")).isEqualTo(notification.id());
    assertThat(request.bodyText())
        .contains(
            "\"type\":\"payment.success\"",
            "\"orderNo\":\"O-1\"",
            "\"amount\":\"100.00\"",
            "\"note\":\"first\"");
    var delivered = reload(notification);
    assertThat(delivered.status()).isEqualTo(NotificationStatus.SUCCEEDED);
    assertThat(delivered.attempts()).isEqualTo(1);
    assertThat(delivered.completedAt()).isEqualTo(clock.instant());
    assertThat(reports.findAttempts(notification.id()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.httpStatus()).isEqualTo(200);
              assertThat(a.response()).isEqualTo("success");
              assertThat(a.errorKind()).isNull();
            });
  }

  @Test
  void retriesOnTheAlipayScheduleUntilItRunsOut() {
    merchant.alwaysReply(Reply.status(500, "busy"));
    var notification = create("O-2", PaymentStatus.SUCCESS, "alipay");
    var attemptTimes = new ArrayList<Instant>();

    for (var interval : RetryPolicies.alipay().intervals()) {
      attemptTimes.add(clock.instant());
      assertThat(paynotify.runOnce()).isEqualTo(1);
      clock.tick(interval.minusSeconds(1));
      assertThat(paynotify.runOnce()).as("not due a second early").isZero();
      clock.tick(Duration.ofSeconds(1));
    }
    attemptTimes.add(clock.instant());
    paynotify.runOnce();

    var failed = reload(notification);
    assertThat(failed.status()).isEqualTo(NotificationStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(8);
    assertThat(merchant.received()).as("one request per attempt").hasSize(8);
    assertThat(failed.nextAttemptAt()).isNull();
    assertThat(reports.findAttempts(notification.id()))
        .extracting(a -> a.startedAt())
        .containsExactlyElementsOf(attemptTimes);
    assertThat(Duration.between(T0, clock.instant()))
        .isEqualTo(Duration.ofMinutes(4 + 10 + 10 + 60 + 120 + 360 + 900));
    clock.tick(Duration.ofDays(2));
    assertThat(paynotify.runOnce()).isZero();
  }

  @Test
  void treatsARedirectAsAFailedAttemptAndDoesNotFollowIt() {
    merchant.thenReply(Reply.status(302).withHeader("Location", merchant.url("/elsewhere")));
    var notification = create("O-3", PaymentStatus.SUCCESS, null);

    paynotify.runOnce();

    assertThat(merchant.received()).hasSize(1);
    var attempt = reports.findAttempts(notification.id()).getFirst();
    assertThat(attempt.errorKind()).isEqualTo(ErrorKind.HTTP_STATUS);
    assertThat(attempt.httpStatus()).isEqualTo(302);
    assertThat(reload(notification).nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));
  }

  @Test
  void honoursRetryAfterButNotBeyondThePolicysLongestInterval() {
    merchant.thenReply(
        Reply.status(503).withHeader("Retry-After", "600"),
        Reply.status(429).withHeader("Retry-After", "999999"));
    var notification = create("O-4", PaymentStatus.SUCCESS, "standard");

    paynotify.runOnce();
    var afterFirst = reload(notification);
    clock.set(afterFirst.nextAttemptAt());
    paynotify.runOnce();
    var afterSecond = reload(notification);

    assertThat(
            Duration.between(
                reports.findAttempts(notification.id()).get(0).startedAt(),
                afterFirst.nextAttemptAt()))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(Duration.between(clock.instant(), afterSecond.nextAttemptAt()))
        .isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void repeatsAnAttemptWhoseNodeDiedOnceTheLeaseLapses() {
    var notification = create("O-5", PaymentStatus.SUCCESS, null);
    var deadNodesClaim =
        queue.claimDue(clock.instant(), 10, clock.instant().plus(Paynotify.DEFAULT_LEASE));
    assertThat(deadNodesClaim).hasSize(1);

    clock.tick(Paynotify.DEFAULT_LEASE.minusSeconds(1));
    assertThat(paynotify.runOnce()).as("the lease still holds").isZero();
    clock.tick(Duration.ofSeconds(1));
    paynotify.runOnce();

    var delivered = reload(notification);
    assertThat(delivered.status()).isEqualTo(NotificationStatus.SUCCEEDED);
    assertThat(delivered.attempts()).as("the lost attempt was never counted").isEqualTo(1);
    assertThat(merchant.received()).hasSize(1);
  }

  @Test
  void aRetryOfANotificationWithAnAttemptInFlightKeepsThatAttempt() {
    var notification = create("O-11", PaymentStatus.SUCCESS, null);
    var claimed =
        queue
            .claimDue(clock.instant(), 10, clock.instant().plus(Paynotify.DEFAULT_LEASE))
            .getFirst();

    var retried = paynotify.retry(notification.id());
    var bulk = paynotify.retryAll(List.of(notification.id()));

    assertThat(retried.status()).isEqualTo(NotificationStatus.DELIVERING);
    assertThat(retried.version()).isEqualTo(claimed.version());
    assertThat(bulk).as("nothing to do for one already in flight").isZero();
  }

  @Test
  void holdsALaterEventOfTheSameOrderUntilTheEarlierOneEnds() {
    merchant.thenReply(Reply.status(500));
    var paid = create("O-6", PaymentStatus.SUCCESS, "standard");
    var refunded = create("O-6", PaymentStatus.REFUNDED, "standard");

    paynotify.runOnce();
    assertThat(merchant.received()).hasSize(1);
    assertThat(reload(refunded).status()).isEqualTo(NotificationStatus.PENDING);
    clock.tick(Duration.ofSeconds(30));
    paynotify.runOnce();
    paynotify.runOnce();

    assertThat(merchant.bodies()).hasSize(3);
    assertThat(merchant.bodies().get(0)).contains("payment.success");
    assertThat(merchant.bodies().get(1)).contains("payment.success");
    assertThat(merchant.bodies().get(2)).contains("payment.refunded");
    assertThat(reload(paid).status()).isEqualTo(NotificationStatus.SUCCEEDED);
    assertThat(reload(refunded).status()).isEqualTo(NotificationStatus.SUCCEEDED);
  }

  @Test
  void backsOffAFailingHostWithoutSpendingItsTasksAttempts() {
    merchant.alwaysReply(Reply.status(500));
    paynotify =
        engine(b -> b.maxPerHost(8).hostBackoff(2, Duration.ofMinutes(1), Duration.ofMinutes(5)));
    var first = create("O-7", PaymentStatus.SUCCESS, "standard");
    var second = create("O-8", PaymentStatus.SUCCESS, "standard");
    paynotify.runOnce();
    var third = create("O-9", PaymentStatus.SUCCESS, "standard");

    paynotify.runOnce();

    assertThat(merchant.received()).hasSize(2);
    var deferred = reload(third);
    assertThat(deferred.attempts()).isZero();
    assertThat(deferred.status()).isEqualTo(NotificationStatus.PENDING);
    assertThat(deferred.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(reload(first).attempts()).isEqualTo(1);
    assertThat(reload(second).attempts()).isEqualTo(1);
  }

  @Test
  void refusesToDialAnAddressThePolicyNoLongerAllows() {
    var notification = create("O-10", PaymentStatus.SUCCESS, null);
    var publicOnly = engine(b -> b.network(NetworkPolicy.publicOnly()));

    publicOnly.runOnce();

    assertThat(merchant.received()).isEmpty();
    assertThat(reports.findAttempts(notification.id()))
        .singleElement()
        .satisfies(a -> assertThat(a.errorKind()).isEqualTo(ErrorKind.BLOCKED_ADDRESS));
  }

  @Test
  void aHangingMerchantDoesNotHoldUpAnotherMerchant() throws InterruptedException {
    policies.define(
        new RetryPolicy("quick", List.of(Duration.ofMinutes(1)), Duration.ofSeconds(2)));
    try (var hanging = FakeMerchant.start();
        var healthy = FakeMerchant.start()) {
      hanging.alwaysReply(Reply.hang(Duration.ofSeconds(4)));
      var stuck = new ArrayList<Notification>();
      for (int i = 0; i < 6; i++) {
        stuck.add(createTo(hanging, "H-" + i));
      }
      var fine = createTo(healthy, "OK-1");
      var twoPerHost =
          engine(
              b -> b.maxPerHost(2).hostBackoff(20, Duration.ofSeconds(10), Duration.ofMinutes(1)));

      var pass = Thread.ofVirtual().start(twoPerHost::runOnce);

      var arrivedAtHealthy = healthy.awaitRequests(1, Duration.ofSeconds(1));
      var hangingMeanwhile = hanging.received().size();
      pass.join();

      assertThat(arrivedAtHealthy)
          .as("served while the hanging host still holds its slots")
          .hasSize(1);
      assertThat(hangingMeanwhile)
          .as("never more than two at once at the hanging host")
          .isLessThanOrEqualTo(2);
      assertThat(reload(fine).status()).isEqualTo(NotificationStatus.SUCCEEDED);
      assertThat(stuck)
          .map(this::reload)
          .allSatisfy(n -> assertThat(n.status()).isEqualTo(NotificationStatus.PENDING));
    }
  }

  @Test
  void putsBackUncountedAnAttemptWhoseLeaseRanOutDuringTheCredentialLookup() {
    var notification = create("O-12", PaymentStatus.SUCCESS, "standard");
    var credentials = new MerchantCredentials(merchants, channels, clock, Duration.ZERO);
    CredentialSource slowLookup =
        (merchantId, channel, at) -> {
          // A pool timeout during an outage: 10s of the lease left, less than the 10s timeout plus
          // margin.
          clock.tick(Paynotify.DEFAULT_LEASE.minusSeconds(10));
          return credentials.find(merchantId, channel, at);
        };
    var slowNode = engine(slowLookup, b -> b);

    var claimed = slowNode.runOnce();

    assertThat(claimed).isEqualTo(1);
    assertThat(merchant.received()).as("never sent").isEmpty();
    var putBack = reload(notification);
    assertThat(putBack.status()).isEqualTo(NotificationStatus.PENDING);
    assertThat(putBack.attempts()).as("not counted").isZero();
    assertThat(putBack.leaseUntil()).isNull();
    assertThat(putBack.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(1));
    assertThat(reports.findAttempts(notification.id())).isEmpty();
  }

  @Test
  void usesAPolicyAnotherNodeDefinedInsteadOfTheChannelDefault() {
    var policyStore = new JdbcRetryPolicyStore(database.dataSource());
    var otherNode = new RetryPolicies(policyStore, clock);
    var patient = new RetryPolicy("patient", List.of(Duration.ofMinutes(7)), Duration.ofSeconds(3));
    policyStore.save(patient);
    policies.define(patient);
    merchant.thenReply(Reply.status(500));
    var notification = create("O-13", PaymentStatus.SUCCESS, "patient");

    engine(b -> b.policies(otherNode)).runOnce();

    assertThat(reload(notification).nextAttemptAt())
        .as("patient's 7m, not standard's 30s")
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(7)));
  }

  @Test
  void checksNotifyUrlsWithTheGivenHostResolver() {
    var dns = Map.of("private.shop.test", "10.1.2.3", "public.shop.test", "93.184.216.34");
    var engine = engine(b -> b.network(NetworkPolicy.publicOnly()).hostResolver(fakeDns(dns)));

    var refused =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> engine.create(requestTo("http://private.shop.test/notify", "O-DNS-1")));
    var created = engine.create(requestTo("http://public.shop.test/notify", "O-DNS-2"));

    assertThat(refused.field()).isEqualTo("notifyUrl");
    assertThat(refused.getMessage()).contains("resolves to 10.1.2.3");
    assertThat(created.notification().status()).isEqualTo(NotificationStatus.PENDING);
  }

  @Test
  void dialsTheAddressTheGivenHostResolverAnswers() {
    var engine = engine(b -> b.hostResolver(fakeDns(Map.of("merchant.shop.test", "127.0.0.1"))));
    var url = "http://merchant.shop.test:" + merchant.uri("/").getPort() + "/notify";
    var notification = engine.create(requestTo(url, "O-DNS-3")).notification();

    engine.runOnce();

    assertThat(merchant.received())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.header("host"))
                    .isEqualTo("merchant.shop.test:" + merchant.uri("/").getPort()));
    assertThat(reload(notification).status()).isEqualTo(NotificationStatus.SUCCEEDED);
  }

  /** Answers only the names it is given, as a test's own DNS would. */
  private static HostResolver fakeDns(Map<String, String> addresses) {
    return host -> {
      var address = addresses.get(host);
      if (address == null) {
        throw new UnknownHostException(host);
      }
      return new InetAddress[] {InetAddress.getByName(address)};
    };
  }

  private NotificationRequest requestTo(String notifyUrl, String orderNo) {
    return new NotificationRequest(
        "shop",
        Channel.WEBHOOK,
        orderNo,
        null,
        PaymentStatus.SUCCESS,
        new BigDecimal("1.00"),
        null,
        "CNY",
        notifyUrl,
        Map.of(),
        null,
        null);
  }

  private Notification createTo(FakeMerchant target, String orderNo) {
    var request =
        new NotificationRequest(
            "shop",
            Channel.WEBHOOK,
            orderNo,
            null,
            PaymentStatus.SUCCESS,
            new BigDecimal("1.00"),
            null,
            "CNY",
            target.url("/notify"),
            Map.of(),
            "quick",
            null);
    return paynotify.create(request).notification();
  }
}
