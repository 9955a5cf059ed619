package com.paynotify.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.WebhookSignature;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.channel.WechatV3Format;
import com.paynotify.receiver.IdempotencyRecord.State;
import com.paynotify.receiver.IdempotencyStore.Claim;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every behaviour of an {@link IdempotencyStore}, and of the receiver on top of it, that each store
 * must show. Subclasses open a real store on a fresh database or key prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdempotencyStoreContract {
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  IdempotencyStore store;
  MutableClock clock;
  RecordingMetrics metrics;

  abstract IdempotencyStore openStore() throws Exception;

  abstract void closeStore() throws Exception;

  @BeforeAll
  void open() throws Exception {
    store = openStore();
  }

  @AfterAll
  void close() throws Exception {
    if (store != null) {
      closeStore();
    }
  }

  @BeforeEach
  void freshClock() {
    clock = new MutableClock(START);
    metrics = new RecordingMetrics();
  }

  static String uniqueKey() {
    return "WEBHOOK:test-" + TestServers.randomSuffix();
  }

  NotificationReceiver.Builder receiverBuilder(CallbackVerifier verifier) {
    return NotificationReceiver.builder(verifier, store)
        .clock(clock)
        .lease(LEASE)
        .inProgressWait(Duration.ZERO, Duration.ofMillis(10))
        .metrics(metrics);
  }

  NotificationReceiver webhookReceiver() {
    return receiverBuilder(WebhookVerifier.of(List.of(Deliveries.SECRET), clock)).build();
  }

  ReceivedCallback delivery(String notifyId) {
    return Deliveries.webhook(notifyId, "ORDER-" + notifyId, "100.00", clock.instant());
  }

  WechatV3Verifier wechatVerifier() {
    return WechatV3Verifier.of(
        new com.paynotify.channel.VerificationKeys.WechatV3(
            java.util.Map.of(OfficialSdk.PUBLIC_KEY_ID, OfficialSdk.PLATFORM.getPublic()),
            List.of(OfficialSdk.APIV3_KEY)),
        clock);
  }

  static String newNotifyId() {
    return "evt_" + TestServers.randomSuffix();
  }

  // ---- the store itself ----

  @Test
  void firstClaimAcquiresAndASecondClaimSeesTheRecordHeld() {
    var key = uniqueKey();

    var first = store.claim(key, "fp", "owner-1", clock.instant(), LEASE);
    var second = store.claim(key, "fp", "owner-2", clock.instant(), LEASE);

    assertThat(first).isEqualTo(new Claim.Acquired(false));
    assertThat(second)
        .isInstanceOfSatisfying(
            Claim.Held.class,
            held -> {
              assertThat(held.record().state()).isEqualTo(State.PROCESSING);
              assertThat(held.record().ownerToken()).isEqualTo("owner-1");
              assertThat(held.record().leaseUntil()).isEqualTo(START.plus(LEASE));
            });
  }

  @Test
  void anExpiredClaimIsTakenOverOnlyOnceItsLeaseHasEnded() {
    var key = uniqueKey();
    store.claim(key, "fp", "crashed", clock.instant(), LEASE);

    clock.advance(LEASE.minusMillis(1));
    var beforeLease = store.claim(key, "fp", "early", clock.instant(), LEASE);
    clock.advance(Duration.ofMillis(1));
    var atLease = store.claim(key, "fp", "late", clock.instant(), LEASE);

    assertThat(beforeLease).isInstanceOf(Claim.Held.class);
    assertThat(atLease).isEqualTo(new Claim.Acquired(true));
    assertThat(store.find(key)).get().extracting(IdempotencyRecord::ownerToken).isEqualTo("late");
  }

  @Test
  void anExpiredClaimWithOtherPaymentFieldsIsNeverTakenOver() {
    var key = uniqueKey();
    store.claim(key, "order-1|SUCCESS|100|CNY", "crashed", clock.instant(), LEASE);

    clock.advance(LEASE.plusSeconds(1));
    var claim = store.claim(key, "order-1|SUCCESS|1|CNY", "attacker", clock.instant(), LEASE);

    assertThat(claim)
        .isInstanceOfSatisfying(
            Claim.Held.class, held -> assertThat(held.record().ownerToken()).isEqualTo("crashed"));
  }

  @Test
  void completeAndReleaseAreCompareAndSetOnTheOwnerToken() {
    var key = uniqueKey();
    store.claim(key, "fp", "owner", clock.instant(), LEASE);

    var strangerCompletes =
        store.complete(key, "stranger", clock.instant(), clock.instant().plus(Duration.ofDays(7)));
    var strangerReleases = store.release(key, "stranger");
    var ownerCompletes =
        store.complete(key, "owner", clock.instant(), clock.instant().plus(Duration.ofDays(7)));
    var ownerReleasesDone = store.release(key, "owner");

    assertThat(strangerCompletes).isFalse();
    assertThat(strangerReleases).isFalse();
    assertThat(ownerCompletes).isTrue();
    assertThat(ownerReleasesDone).as("a DONE record is never released").isFalse();
    assertThat(store.find(key))
        .get()
        .satisfies(
            record -> {
              assertThat(record.state()).isEqualTo(State.DONE);
              assertThat(record.doneAt()).isEqualTo(START);
              assertThat(record.keepUntil()).isEqualTo(START.plus(Duration.ofDays(7)));
            });
  }

  @Test
  void aLeaseLapsedButNotTakenOverStillCompletes() {
    var key = uniqueKey();
    store.claim(key, "fp", "slow", clock.instant(), LEASE);

    clock.advance(LEASE.plusSeconds(5));
    var completed =
        store.complete(key, "slow", clock.instant(), clock.instant().plus(Duration.ofDays(7)));

    assertThat(completed).as("nobody else ran the handler").isTrue();
  }

  @Test
  void renewExtendsTheLeaseOnlyForItsOwner() {
    var key = uniqueKey();
    store.claim(key, "fp", "owner", clock.instant(), LEASE);

    clock.advance(Duration.ofSeconds(20));
    var renewed = store.renew(key, "owner", clock.instant(), LEASE);
    var strangerRenewed = store.renew(key, "stranger", clock.instant(), LEASE);
    clock.advance(Duration.ofSeconds(20));
    var takeover = store.claim(key, "fp", "other", clock.instant(), LEASE);

    assertThat(renewed).isTrue();
    assertThat(strangerRenewed).isFalse();
    assertThat(takeover).as("the renewed lease runs until 50 s").isInstanceOf(Claim.Held.class);
  }

  @Test
  void purgeDeletesExpiredRecordsButNeverALiveProcessingOne() throws Exception {
    var done = uniqueKey();
    var live = uniqueKey();
    var abandoned = uniqueKey();
    store.claim(abandoned, "fp", "dead", clock.instant(), LEASE);
    store.claim(done, "fp", "owner", clock.instant(), LEASE);
    store.complete(done, "owner", clock.instant(), clock.instant().plus(Duration.ofDays(7)));
    clock.advance(Duration.ofDays(8));
    store.claim(live, "fp", "owner", clock.instant(), LEASE);
    clock.advance(LEASE.plusSeconds(1)); // even a lapsed lease of today is left for its takeover

    var deleted = 0;
    for (int n;
        (n = store.purgeBatch(clock.instant(), clock.instant().minus(Duration.ofDays(7)), 1))
            > 0; ) {
      deleted += n;
    }

    assertThat(store.find(done)).isEmpty();
    assertThat(store.find(abandoned)).isEmpty();
    assertThat(store.find(live)).isPresent();
    assertThat(deleted).isGreaterThanOrEqualTo(2);
  }

  // ---- the receiver on this store: the "Prove it" list of issue 5 ----

  @Test
  void fiftyConcurrentDeliveriesAcrossTwoReceiversRunTheHandlerOnceAndNoneIsAcknowledgedEarly()
      throws Exception {
    var notifyId = newNotifyId();
    var callback = delivery(notifyId);
    var runs = new AtomicInteger();
    var finished = new AtomicBoolean();
    var earlyAcks = new AtomicInteger();
    // The handler holds until a duplicate has been told the first is in progress, so the
    // deliveries overlap however slowly a loaded machine starts the threads.
    var duplicateSeen = new CountDownLatch(1);
    NotificationHandler handler =
        n -> {
          runs.incrementAndGet();
          duplicateSeen.await(20, TimeUnit.SECONDS);
          finished.set(true);
        };
    var start = new CountDownLatch(1);
    var receipts = new ArrayList<Future<Receipt>>();

    try (var nodeA =
            receiverBuilder(WebhookVerifier.of(List.of(Deliveries.SECRET), clock))
                .inProgressWait(Duration.ofMillis(100), Duration.ofMillis(20))
                .build();
        var nodeB =
            receiverBuilder(WebhookVerifier.of(List.of(Deliveries.SECRET), clock))
                .inProgressWait(Duration.ofMillis(100), Duration.ofMillis(20))
                .build();
        // Platform threads, as a servlet container has: on 2 cores, 50 cold virtual threads
        // pinned on class initialisation serialise and never overlap the first delivery.
        var threads = Executors.newFixedThreadPool(50)) {
      for (var i = 0; i < 50; i++) {
        var node = i % 2 == 0 ? nodeA : nodeB;
        receipts.add(
            threads.submit(
                () -> {
                  start.await();
                  var receipt = node.handle(callback, handler);
                  if (receipt.reply().isSuccess(Channel.WEBHOOK) && !finished.get()) {
                    earlyAcks.incrementAndGet();
                  }
                  if (receipt.outcome() == Outcome.DUPLICATE_IN_PROGRESS) {
                    duplicateSeen.countDown();
                  }
                  return receipt;
                }));
      }
      start.countDown();
    }

    assertThat(runs).hasValue(1);
    assertThat(earlyAcks).hasValue(0);
    var outcomes = receipts.stream().map(f -> f.resultNow().outcome()).toList();
    assertThat(outcomes).filteredOn(o -> o == Outcome.PROCESSED).hasSize(1);
    assertThat(outcomes)
        .as("the duplicates really overlapped the first")
        .contains(Outcome.DUPLICATE_IN_PROGRESS);
    assertThat(outcomes)
        .allMatch(
            o ->
                o == Outcome.PROCESSED
                    || o == Outcome.DUPLICATE_IN_PROGRESS
                    || o == Outcome.DUPLICATE_DONE);
    assertThat(store.find(DedupKeys.webhook(notifyId)))
        .get()
        .extracting(IdempotencyRecord::state)
        .isEqualTo(State.DONE);
  }

  @Test
  void wechatDoubleDeliveryTwoHundredMillisApartGetsTheRetryableFailureWhileTheFirstRuns()
      throws Exception {
    var id = "wx-" + TestServers.randomSuffix();
    var runs = new AtomicInteger();
    try (var receiver =
            receiverBuilder(wechatVerifier())
                .inProgressWait(Duration.ofMillis(300), Duration.ofMillis(50))
                .build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var first =
          threads.submit(
              () ->
                  receiver.handle(
                      OfficialSdk.wechatV3(id, "ORDER-WX", 100, clock.instant()),
                      n -> {
                        runs.incrementAndGet();
                        Thread.sleep(1000);
                      }));
      Thread.sleep(200);

      var second =
          receiver.handle(
              OfficialSdk.wechatV3(id, "ORDER-WX", 100, clock.instant()),
              n -> runs.incrementAndGet());

      assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE_IN_PROGRESS);
      assertThat(second.reply().status()).isEqualTo(500);
      assertThat(second.reply().body())
          .isEqualTo("{\"code\":\"FAIL\",\"message\":\"notification is being processed\"}");
      assertThat(first.get(5, TimeUnit.SECONDS).reply().status()).isEqualTo(200);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void wechatDoubleDeliveryWithAWaitLongerThanTheHandlerGetsTheSuccessOnceDone() throws Exception {
    var id = "wx-" + TestServers.randomSuffix();
    var runs = new AtomicInteger();
    try (var receiver =
            receiverBuilder(wechatVerifier())
                .inProgressWait(Duration.ofMillis(2000), Duration.ofMillis(50))
                .build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var first =
          threads.submit(
              () ->
                  receiver.handle(
                      OfficialSdk.wechatV3(id, "ORDER-WX", 100, clock.instant()),
                      n -> {
                        runs.incrementAndGet();
                        Thread.sleep(1000);
                      }));
      Thread.sleep(200);

      var second =
          receiver.handle(
              OfficialSdk.wechatV3(id, "ORDER-WX", 100, clock.instant()),
              n -> runs.incrementAndGet());

      assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE_DONE);
      assertThat(second.reply().status()).isEqualTo(200);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void aCrashedDeliveryIsTakenOverByTheNextDeliveryOnlyAfterItsLease() {
    var notifyId = newNotifyId();
    var runs = new AtomicInteger();
    store.claim(
        DedupKeys.webhook(notifyId),
        "ORDER-" + notifyId + "|SUCCESS|100|CNY",
        "crashed-node",
        clock.instant(),
        LEASE); // the node died mid-handler

    try (var receiver = webhookReceiver()) {
      clock.advance(LEASE.minusSeconds(1));
      var beforeLease = receiver.handle(delivery(notifyId), n -> runs.incrementAndGet());
      clock.advance(Duration.ofSeconds(1));
      var afterLease = receiver.handle(delivery(notifyId), n -> runs.incrementAndGet());

      assertThat(beforeLease.outcome()).isEqualTo(Outcome.DUPLICATE_IN_PROGRESS);
      assertThat(beforeLease.reply().status()).isEqualTo(409);
      assertThat(afterLease.outcome()).isEqualTo(Outcome.TAKEN_OVER);
      assertThat(afterLease.reply().status()).isEqualTo(204);
      assertThat(runs).hasValue(1);
      assertThat(metrics.count(Outcome.TAKEN_OVER)).isEqualTo(1);
      assertThat(metrics.count(Outcome.PROCESSED)).isZero();
    }
  }

  @Test
  void aHandlerThatOutlivesItsLeaseGetsLeaseLostAndTheNewOwnersRecordStands() throws Exception {
    var notifyId = newNotifyId();
    var paused = new CountDownLatch(1);
    var resume = new CountDownLatch(1);
    try (var nodeA = webhookReceiver();
        var nodeB = webhookReceiver();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var first =
          threads.submit(
              () ->
                  nodeA.handle(
                      delivery(notifyId),
                      n -> {
                        paused.countDown();
                        resume.await(); // a long GC pause: no heartbeat, no progress
                      }));
      paused.await();

      clock.advance(LEASE.plusSeconds(1));
      var second = nodeB.handle(delivery(notifyId), n -> {});
      var secondDoneAt = clock.instant();
      clock.advance(Duration.ofSeconds(5));
      resume.countDown();

      assertThat(second.outcome()).isEqualTo(Outcome.TAKEN_OVER);
      assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.LEASE_LOST);
      assertThat(first.get().reply().isSuccess(Channel.WEBHOOK)).isFalse();
      assertThat(metrics.count(Outcome.LEASE_LOST)).isEqualTo(1);
      assertThat(store.find(DedupKeys.webhook(notifyId)))
          .get()
          .satisfies(
              record -> {
                assertThat(record.state()).isEqualTo(State.DONE);
                assertThat(record.doneAt()).isEqualTo(secondDoneAt);
              });
    }
  }

  @Test
  void aHeartbeatKeepsTheClaimOfAHandlerLongerThanItsLease() throws Exception {
    var notifyId = newNotifyId();
    var runs = new AtomicInteger();
    var realClock = java.time.InstantSource.system();
    try (var receiver =
            NotificationReceiver.builder(
                    WebhookVerifier.of(List.of(Deliveries.SECRET), realClock), store)
                .clock(realClock)
                .lease(Duration.ofMillis(300))
                .heartbeat(Duration.ofMillis(100))
                .inProgressWait(Duration.ZERO, Duration.ofMillis(10))
                .metrics(metrics)
                .build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var callback =
          Deliveries.webhook(notifyId, "ORDER-" + notifyId, "100.00", realClock.instant());
      var first =
          threads.submit(
              () ->
                  receiver.handle(
                      callback,
                      n -> {
                        runs.incrementAndGet();
                        Thread.sleep(1000);
                      }));
      Thread.sleep(600);

      var duplicate = receiver.handle(callback, n -> runs.incrementAndGet());

      assertThat(duplicate.outcome()).isEqualTo(Outcome.DUPLICATE_IN_PROGRESS);
      assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void aThrowingHandlerReleasesTheRecordAndTheNextDeliveryRunsIt() {
    var notifyId = newNotifyId();
    var runs = new AtomicInteger();
    try (var receiver = webhookReceiver()) {
      var failed =
          receiver.handle(
              delivery(notifyId),
              n -> {
                runs.incrementAndGet();
                throw new IllegalStateException("inventory service down");
              });
      var afterFailure = store.find(DedupKeys.webhook(notifyId));
      var retried = receiver.handle(delivery(notifyId), n -> runs.incrementAndGet());

      assertThat(failed.outcome()).isEqualTo(Outcome.RELEASED_ON_FAILURE);
      assertThat(failed.reply().status()).isEqualTo(503);
      assertThat(afterFailure).isEmpty();
      assertThat(retried.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(runs).hasValue(2);
      assertThat(metrics.count(Outcome.RELEASED_ON_FAILURE)).isEqualTo(1);
      assertThat(metrics.handlerRuns).as("latency recorded for both runs").hasValue(2);
    }
  }

  @Test
  void theSameNotifyIdWithAnotherAmountIsRefusedCountedAndNotRun() {
    var notifyId = newNotifyId();
    var runs = new AtomicInteger();
    try (var receiver = webhookReceiver()) {
      receiver.handle(delivery(notifyId), n -> runs.incrementAndGet());

      var forged =
          receiver.handle(
              Deliveries.webhook(notifyId, "ORDER-" + notifyId, "0.01", clock.instant()),
              n -> runs.incrementAndGet());

      assertThat(forged.outcome()).isEqualTo(Outcome.MISMATCH);
      assertThat(forged.reply().status()).isEqualTo(400);
      assertThat(metrics.count(Outcome.MISMATCH)).isEqualTo(1);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void aDuplicateAfterDoneIsAcknowledgedWithoutRunningTheHandler() {
    var notifyId = newNotifyId();
    var runs = new AtomicInteger();
    try (var receiver = webhookReceiver()) {
      var first = receiver.handle(delivery(notifyId), n -> runs.incrementAndGet());

      clock.advance(Duration.ofHours(1)); // the sender retries because our first ack was lost
      var late = receiver.handle(delivery(notifyId), n -> runs.incrementAndGet());

      assertThat(first.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(late.outcome()).isEqualTo(Outcome.DUPLICATE_DONE);
      assertThat(late.reply().status()).isEqualTo(204);
      assertThat(runs).hasValue(1);
    }
  }

  // ---- hostile deliveries and shutdown (issue 9): clean rejections, never an exception ----

  /**
   * Callbacks no sender should send, through a receiver on this store: each gets the channel's
   * failure reply with a reason, nothing is claimed and the handler never runs.
   */
  @Nested
  class HostileDeliveries {
    final AtomicInteger runs = new AtomicInteger();
    final NotificationHandler counting = n -> runs.incrementAndGet();

    void assertRejected(Receipt receipt, Channel channel, String reason) {
      assertThat(receipt.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(receipt.notification()).isNull();
      assertThat(receipt.reply().isSuccess(channel)).isFalse();
      if (channel != Channel.ALIPAY) { // Alipay's failure reply is the bare word "fail"
        assertThat(receipt.reply().body()).contains(reason);
      }
      assertThat(runs).hasValue(0);
      assertThat(metrics.count(Outcome.REJECTED)).isEqualTo(1);
    }

    @ParameterizedTest(name = "webhook-timestamp {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "99999999999999999    | TIMESTAMP: webhook-timestamp is out of the range of dates",
          "9223372036854775807  | TIMESTAMP: webhook-timestamp is out of the range of dates",
          "99999999999999999999 | MALFORMED: header webhook-timestamp is not a number of seconds",
          "-99999999999999999   | MALFORMED: header webhook-timestamp is not a number of seconds",
          "1e9                  | MALFORMED: header webhook-timestamp is not a number of seconds",
          "'1764 000 000'       | MALFORMED: header webhook-timestamp is not a number of seconds",
        })
    void aWebhookTimestampPastTheRangeOfDatesIsARejectionNotAnException(
        String timestamp, String reason) {
      var notifyId = newNotifyId();
      var headers = new HashMap<>(delivery(notifyId).headers());
      headers.put(WebhookSignature.TIMESTAMP_HEADER, timestamp);

      Receipt receipt;
      try (var receiver = receiverFor(Channel.WEBHOOK)) {
        receipt =
            receiver.handle(new ReceivedCallback(headers, delivery(notifyId).body()), counting);
      }

      assertRejected(receipt, Channel.WEBHOOK, reason);
      assertThat(receipt.reply().status()).isEqualTo(400);
      assertThat(store.find(DedupKeys.webhook(notifyId))).isEmpty();
    }

    @ParameterizedTest(name = "Wechatpay-Timestamp {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "99999999999999999    | TIMESTAMP: Wechatpay-Timestamp is out of the range of dates",
          "-99999999999999999   | MALFORMED: header Wechatpay-Timestamp is not a number of seconds",
          "99999999999999999999 | MALFORMED: header Wechatpay-Timestamp is not a number of seconds",
          "+1764000000          | MALFORMED: header Wechatpay-Timestamp is not a number of seconds",
        })
    void aWechatTimestampPastTheRangeOfDatesIsARejectionNotAnException(
        String timestamp, String reason) {
      var id = "wx-" + TestServers.randomSuffix();
      var callback = OfficialSdk.wechatV3(id, "ORDER-WX", 100, clock.instant());
      var headers = new HashMap<>(callback.headers());
      headers.put(WechatV3Format.TIMESTAMP_HEADER, timestamp);

      Receipt receipt;
      try (var receiver = receiverFor(Channel.WECHAT_V3)) {
        receipt = receiver.handle(new ReceivedCallback(headers, callback.body()), counting);
      }

      assertRejected(receipt, Channel.WECHAT_V3, reason);
      assertThat(receipt.reply().status()).isEqualTo(500);
      assertThat(store.find(DedupKeys.wechatV3(id))).isEmpty();
    }

    static Stream<Arguments> malformedCallbacks() {
      var nonUtf8 =
          new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28, '=', (byte) 0xa0};
      var deepXml = "<xml>" + "<a>".repeat(5_000) + "x" + "</a>".repeat(5_000) + "</xml>";
      var deepJson =
          "{\"id\":\"evt_deep\",\"data\":"
              + "{\"a\":".repeat(5_000)
              + "1"
              + "}".repeat(5_001)
              + "}";
      var now = START;
      var wechatBody =
          OfficialSdk.wechatV3Body(
              "wx-bad", OfficialSdk.wechatTransaction("O", 100), OfficialSdk.APIV3_KEY);
      var unsignedWechat =
          OfficialSdk.wechatV3Headers(wechatBody, now, OfficialSdk.PLATFORM.getPrivate());
      var notBase64 = new HashMap<>(unsignedWechat);
      notBase64.put(WechatV3Format.SIGNATURE_HEADER, "%%% not base64 %%%");
      var noSerial = new HashMap<>(unsignedWechat);
      noSerial.remove(WechatV3Format.SERIAL_HEADER);
      var alipayBadSign =
          OfficialSdk.alipaySigned(
              OfficialSdk.alipayPayment("ntf-bad", "O", "1.00"),
              AlipayCredentials.SignType.RSA2,
              OfficialSdk.PLATFORM.getPrivate());
      alipayBadSign.put("sign", "***not base64***");
      var alipayExponent = OfficialSdk.alipayPayment("ntf-exp", "O", "1E-900000000");
      return Stream.of(
          arguments(
              Channel.WEBHOOK,
              "missing headers",
              new ReceivedCallback(Map.of(), "{}".getBytes(StandardCharsets.UTF_8)),
              "header webhook-id is missing"),
          arguments(
              Channel.WEBHOOK,
              "a signature that is no v1 signature",
              withHeader(
                  Deliveries.webhook("evt_s", "O", "1.00", now),
                  WebhookSignature.SIGNATURE_HEADER,
                  "v1,%%% v2"),
              "no webhook-signature matches"),
          arguments(
              Channel.WEBHOOK,
              "signed JSON that does not parse",
              signedWebhook("evt_j", now, "{\"id\": ".getBytes(StandardCharsets.UTF_8)),
              "the body is not JSON"),
          arguments(
              Channel.WEBHOOK,
              "a signed body that is not UTF-8",
              signedWebhook("evt_u", now, nonUtf8),
              "the body is not JSON"),
          arguments(
              Channel.WEBHOOK,
              "signed JSON nested 5,000 deep",
              signedWebhook("evt_deep", now, deepJson.getBytes(StandardCharsets.UTF_8)),
              "the body is not JSON"),
          arguments(
              Channel.WEBHOOK,
              "a signed amount with a huge exponent",
              signedWebhook("evt_e", now, webhookBody("evt_e", "1E-900000000")),
              "field data.amount is not a plain decimal amount"),
          arguments(
              Channel.WECHAT_V3,
              "a signature that is not base64",
              new ReceivedCallback(notBase64, wechatBody.getBytes(StandardCharsets.UTF_8)),
              "Wechatpay-Signature is not base64"),
          arguments(
              Channel.WECHAT_V3,
              "no Wechatpay-Serial",
              new ReceivedCallback(noSerial, wechatBody.getBytes(StandardCharsets.UTF_8)),
              "header Wechatpay-Serial is missing"),
          arguments(
              Channel.WECHAT_V3,
              "signed JSON that does not parse",
              signedWechat("{\"id\":", now),
              "the body is not JSON"),
          arguments(
              Channel.WECHAT_V3,
              "a signed ciphertext that is not base64",
              signedWechat(
                  "{\"id\":\"wx-c\",\"event_type\":\"TRANSACTION.SUCCESS\",\"resource\":{\"algorithm\":\"AEAD_AES_256_GCM\","
                      + "\"ciphertext\":\"***\",\"nonce\":\"0123456789ab\",\"associated_data\":\"transaction\"}}",
                  now),
              "field resource.ciphertext is not base64"),
          arguments(
              Channel.ALIPAY,
              "an empty body",
              new ReceivedCallback(Map.of(), new byte[0]),
              "the body is empty"),
          arguments(
              Channel.ALIPAY,
              "bad percent-encoding",
              new ReceivedCallback(
                  Map.of(), "notify_id=%zz&sign=%".getBytes(StandardCharsets.UTF_8)),
              "badly percent-encoded"),
          arguments(
              Channel.ALIPAY,
              "a body that is not UTF-8",
              new ReceivedCallback(Map.of(), nonUtf8),
              "sign"),
          arguments(
              Channel.ALIPAY,
              "a sign that is not base64",
              OfficialSdk.alipayForm(alipayBadSign),
              "sign is not base64"),
          arguments(
              Channel.ALIPAY,
              "a signed amount with a huge exponent",
              OfficialSdk.alipay(
                  alipayExponent,
                  AlipayCredentials.SignType.RSA2,
                  OfficialSdk.PLATFORM.getPrivate()),
              "total_amount is not a plain decimal amount"),
          arguments(
              Channel.WECHAT_V2,
              "a body that is not XML",
              OfficialSdk.xml("return_code=SUCCESS"),
              "not well-formed XML"),
          arguments(
              Channel.WECHAT_V2,
              "a DOCTYPE with an entity",
              OfficialSdk.xml(
                  "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><a>&e;</a></xml>"),
              "not well-formed XML"),
          arguments(
              Channel.WECHAT_V2,
              "XML nested 5,000 deep",
              OfficialSdk.xml(deepXml),
              "not well-formed XML"),
          arguments(
              Channel.WECHAT_V2,
              "a body that is not UTF-8",
              new ReceivedCallback(Map.of(), nonUtf8),
              "not well-formed XML"),
          arguments(
              Channel.WECHAT_V2,
              "a signed total_fee that overflows",
              OfficialSdk.wechatV2(
                  withField(
                      OfficialSdk.wechatV2Payment("42000", "O", 1),
                      "total_fee",
                      "99999999999999999999"),
                  OfficialSdk.V2_API_KEY,
                  WechatV2Credentials.SignType.MD5),
              "total_fee is not a whole number of fen"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedCallbacks")
    void aMalformedCallbackIsARejectionNotAnException(
        Channel channel, String description, ReceivedCallback callback, String reason) {
      Receipt receipt;
      try (var receiver = receiverFor(channel)) {
        receipt = receiver.handle(callback, counting);
      }

      assertRejected(receipt, channel, reason);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void aBodyOverTheLimitIsRejectedBeforeItIsParsed(Channel channel) {
      var body = new byte[NotificationReceiver.DEFAULT_MAX_BODY_BYTES + 1];
      java.util.Arrays.fill(body, (byte) '<');
      var verified = new AtomicInteger();
      var verifier = verifierFor(channel);
      var counted =
          new CallbackVerifier() {
            @Override
            public Channel channel() {
              return channel;
            }

            @Override
            public ReceivedNotification verify(ReceivedCallback callback) {
              verified.incrementAndGet();
              return verifier.verify(callback);
            }
          };

      Receipt receipt;
      try (var receiver = receiverBuilder(counted).build()) {
        receipt = receiver.handle(new ReceivedCallback(Map.of(), body), counting);
      }

      assertRejected(receipt, channel, "body is over the 1048576-byte limit");
      assertThat(verified).as("never parsed").hasValue(0);
    }

    @Test
    void aSmallerBodyLimitRefusesAGenuineCallbackOverIt() {
      var notifyId = newNotifyId();
      var callback = delivery(notifyId);

      Receipt receipt;
      try (var receiver = receiverBuilder(verifierFor(Channel.WEBHOOK)).maxBodyBytes(64).build()) {
        receipt = receiver.handle(callback, counting);
      }

      assertRejected(receipt, Channel.WEBHOOK, "body is over the 64-byte limit");
      assertThat(store.find(DedupKeys.webhook(notifyId))).isEmpty();
    }

    @Test
    void aSignedOrderNumberWithANulCharacterIsProcessedNotAStoreFailure() {
      var notifyId = newNotifyId();
      var body =
          ("{\"id\":\""
                  + notifyId
                  + "\",\"data\":{\"orderNo\":\"O-\\u0000-1\",\"paymentStatus\":\"SUCCESS\","
                  + "\"amount\":\"1.00\",\"currency\":\"CNY\"}}")
              .getBytes(StandardCharsets.UTF_8);
      var callback = signedWebhook(notifyId, clock.instant(), body);

      Receipt first;
      Receipt again;
      try (var receiver = receiverFor(Channel.WEBHOOK)) {
        first = receiver.handle(callback, counting);
        again = receiver.handle(callback, counting);
      }

      assertThat(first.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(first.notification().orderNo()).isEqualTo("O-\u0000-1");
      assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE_DONE);
      assertThat(runs).hasValue(1);
    }

    @Test
    void aMerchantCheckThatThrowsIsARetryableFailureWithNothingClaimed() {
      var notifyId = newNotifyId();
      NotificationCheck broken =
          n -> {
            throw new IllegalStateException("order database unreachable");
          };

      Receipt receipt;
      try (var receiver = receiverBuilder(verifierFor(Channel.WEBHOOK)).check(broken).build()) {
        receipt = receiver.handle(delivery(notifyId), counting);
      }

      assertThat(receipt.outcome()).isEqualTo(Outcome.CHECK_FAILED);
      assertThat(receipt.reply().status()).isEqualTo(503);
      assertThat(store.find(DedupKeys.webhook(notifyId))).isEmpty();
      assertThat(runs).hasValue(0);
      assertThat(metrics.count(Outcome.CHECK_FAILED)).isEqualTo(1);
    }
  }

  /**
   * {@code close()}: later deliveries are refused cleanly; those already running finish their
   * claim.
   */
  @Nested
  class Closing {
    final AtomicInteger runs = new AtomicInteger();

    @ParameterizedTest
    @EnumSource(Channel.class)
    void aDeliveryAfterCloseIsTheChannelsRetryableFailureWithNothingClaimed(Channel channel) {
      var notifyId = newNotifyId();
      var receiver = receiverFor(channel);
      var callback = genuine(channel, notifyId);
      receiver.close();

      var receipt = receiver.handle(callback, n -> runs.incrementAndGet());

      assertThat(receipt.outcome()).isEqualTo(Outcome.CLOSED);
      assertThat(receipt.notification()).isNull();
      assertThat(receipt.reply())
          .isEqualTo(Acknowledgement.of(channel).retryLater("receiver closed"));
      assertThat(receipt.reply().isSuccess(channel)).isFalse();
      assertThat(runs).hasValue(0);
      assertThat(store.find(dedupKey(channel, notifyId))).isEmpty();
      assertThat(metrics.count(Outcome.CLOSED)).isEqualTo(1);
    }

    @Test
    void aDeliveryThatOutlastsTheCloseWaitStillCompletesItsClaim() {
      var notifyId = newNotifyId();
      var closeDuringTheDelivery =
          new java.util.concurrent.atomic.AtomicReference<NotificationReceiver>();
      NotificationCheck closesTheReceiver =
          n -> {
            closeDuringTheDelivery.get().close(); // returns at once: closeWait is zero
            return java.util.Optional.empty();
          };
      var receiver =
          receiverBuilder(WebhookVerifier.of(List.of(Deliveries.SECRET), clock))
              .check(closesTheReceiver)
              .closeWait(Duration.ZERO)
              .build();
      closeDuringTheDelivery.set(receiver);

      var receipt = receiver.handle(delivery(notifyId), n -> runs.incrementAndGet());
      var afterwards = receiver.handle(delivery(newNotifyId()), n -> runs.incrementAndGet());

      assertThat(receipt.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(store.find(DedupKeys.webhook(notifyId)))
          .get()
          .extracting(IdempotencyRecord::state)
          .isEqualTo(State.DONE);
      assertThat(afterwards.outcome()).isEqualTo(Outcome.CLOSED);
      assertThat(runs).hasValue(1);
    }

    @Test
    void closeWaitsForADeliveryInProgressToFinishItsClaim() throws Exception {
      var notifyId = newNotifyId();
      var running = new CountDownLatch(1);
      var finish = new CountDownLatch(1);
      var garbage = new ReceivedCallback(Map.of(), new byte[0]);
      var receiver =
          receiverBuilder(WebhookVerifier.of(List.of(Deliveries.SECRET), clock))
              .closeWait(Duration.ofMinutes(1))
              .build();
      try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
        var delivery =
            threads.submit(
                () ->
                    receiver.handle(
                        delivery(notifyId),
                        n -> {
                          running.countDown();
                          finish.await();
                        }));
        running.await();
        var closer =
            threads.submit(
                () -> {
                  receiver.close();
                  return store.find(DedupKeys.webhook(notifyId)).orElseThrow().state();
                });
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> {
              while (receiver.handle(garbage, n -> {}).outcome() != Outcome.CLOSED) {
                Thread.onSpinWait(); // until close() has begun
              }
            });
        var closedEarly = closer.isDone();
        finish.countDown();

        assertThat(closedEarly).as("close() returned while a delivery was running").isFalse();
        assertThat(delivery.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(closer.get(10, TimeUnit.SECONDS))
            .as("the record when close() returned")
            .isEqualTo(State.DONE);
      }
    }

    ReceivedCallback genuine(Channel channel, String notifyId) {
      return switch (channel) {
        case WEBHOOK -> delivery(notifyId);
        case WECHAT_V3 -> OfficialSdk.wechatV3(notifyId, "ORDER-" + notifyId, 100, clock.instant());
        case ALIPAY ->
            OfficialSdk.alipay(
                OfficialSdk.alipayPayment(notifyId, "ORDER-" + notifyId, "1.00"),
                AlipayCredentials.SignType.RSA2,
                OfficialSdk.PLATFORM.getPrivate());
        case WECHAT_V2 ->
            OfficialSdk.wechatV2(
                OfficialSdk.wechatV2Payment(notifyId, "ORDER-" + notifyId, 100),
                OfficialSdk.V2_API_KEY,
                WechatV2Credentials.SignType.MD5);
      };
    }

    String dedupKey(Channel channel, String notifyId) {
      return switch (channel) {
        case WEBHOOK -> DedupKeys.webhook(notifyId);
        case WECHAT_V3 -> DedupKeys.wechatV3(notifyId);
        case ALIPAY -> DedupKeys.alipay(notifyId);
        case WECHAT_V2 -> DedupKeys.wechatV2(notifyId, "SUCCESS");
      };
    }
  }

  NotificationReceiver receiverFor(Channel channel) {
    return receiverBuilder(verifierFor(channel)).build();
  }

  CallbackVerifier verifierFor(Channel channel) {
    return switch (channel) {
      case WEBHOOK -> WebhookVerifier.of(List.of(Deliveries.SECRET), clock);
      case WECHAT_V3 -> wechatVerifier();
      case ALIPAY ->
          AlipayVerifier.of(
              new VerificationKeys.Alipay(
                  List.of(OfficialSdk.PLATFORM.getPublic()), AlipayCredentials.SignType.RSA2),
              clock);
      case WECHAT_V2 ->
          WechatV2Verifier.of(
              new VerificationKeys.WechatV2(
                  List.of(OfficialSdk.V2_API_KEY), WechatV2Credentials.SignType.MD5),
              clock);
    };
  }

  static ReceivedCallback withHeader(ReceivedCallback callback, String name, String value) {
    var headers = new HashMap<>(callback.headers());
    headers.put(name, value);
    return new ReceivedCallback(headers, callback.body());
  }

  static Map<String, String> withField(Map<String, String> fields, String name, String value) {
    var changed = new java.util.LinkedHashMap<>(fields);
    changed.put(name, value);
    return changed;
  }

  static byte[] webhookBody(String id, String amount) {
    return ("{\"id\":\""
            + id
            + "\",\"type\":\"payment.success\",\"data\":{\"orderNo\":\"O\","
            + "\"paymentStatus\":\"SUCCESS\",\"amount\":\""
            + amount
            + "\",\"currency\":\"CNY\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static ReceivedCallback signedWebhook(String id, Instant at, byte[] body) {
    return new ReceivedCallback(
        Map.of(
            WebhookSignature.ID_HEADER, id,
            WebhookSignature.TIMESTAMP_HEADER, Long.toString(at.getEpochSecond()),
            WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(List.of(Deliveries.SECRET), id, at, body)),
        body);
  }

  static ReceivedCallback signedWechat(String body, Instant at) {
    return new ReceivedCallback(
        OfficialSdk.wechatV3Headers(body, at, OfficialSdk.PLATFORM.getPrivate()),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
