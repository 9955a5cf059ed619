package com.paynotify.receiver;

import com.paynotify.channel.ReceivedCallback;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.IdempotencyRecord.State;
import com.paynotify.receiver.IdempotencyStore.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every behaviour of an {@link IdempotencyStore}, and of the receiver on top of it, that each
 * store must show. Subclasses open a real store on a fresh database or key prefix.
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
    return WechatV3Verifier.of(new com.paynotify.channel.VerificationKeys.WechatV3(
        java.util.Map.of(OfficialSdk.PUBLIC_KEY_ID, OfficialSdk.PLATFORM.getPublic()),
        List.of(OfficialSdk.APIV3_KEY)), clock);
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
    assertThat(second).isInstanceOfSatisfying(Claim.Held.class, held -> {
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

    assertThat(claim).isInstanceOfSatisfying(Claim.Held.class,
        held -> assertThat(held.record().ownerToken()).isEqualTo("crashed"));
  }

  @Test
  void completeAndReleaseAreCompareAndSetOnTheOwnerToken() {
    var key = uniqueKey();
    store.claim(key, "fp", "owner", clock.instant(), LEASE);

    var strangerCompletes = store.complete(key, "stranger", clock.instant(), clock.instant().plus(Duration.ofDays(7)));
    var strangerReleases = store.release(key, "stranger");
    var ownerCompletes = store.complete(key, "owner", clock.instant(), clock.instant().plus(Duration.ofDays(7)));
    var ownerReleasesDone = store.release(key, "owner");

    assertThat(strangerCompletes).isFalse();
    assertThat(strangerReleases).isFalse();
    assertThat(ownerCompletes).isTrue();
    assertThat(ownerReleasesDone).as("a DONE record is never released").isFalse();
    assertThat(store.find(key)).get().satisfies(record -> {
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
    var completed = store.complete(key, "slow", clock.instant(), clock.instant().plus(Duration.ofDays(7)));

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
    for (int n; (n = store.purgeBatch(clock.instant(), clock.instant().minus(Duration.ofDays(7)), 1)) > 0; ) {
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
    NotificationHandler handler = n -> {
      runs.incrementAndGet();
      Thread.sleep(300);
      finished.set(true);
    };
    var start = new CountDownLatch(1);
    var receipts = new ArrayList<Future<Receipt>>();

    try (var nodeA = receiverBuilder(WebhookVerifier.of(List.of(Deliveries.SECRET), clock))
            .inProgressWait(Duration.ofMillis(100), Duration.ofMillis(20)).build();
        var nodeB = receiverBuilder(WebhookVerifier.of(List.of(Deliveries.SECRET), clock))
            .inProgressWait(Duration.ofMillis(100), Duration.ofMillis(20)).build();
        // Platform threads, as a servlet container has: on 2 cores, 50 cold virtual threads
        // pinned on class initialisation serialise and never overlap the first delivery.
        var threads = Executors.newFixedThreadPool(50)) {
      for (var i = 0; i < 50; i++) {
        var node = i % 2 == 0 ? nodeA : nodeB;
        receipts.add(threads.submit(() -> {
          start.await();
          var receipt = node.handle(callback, handler);
          if (receipt.reply().isSuccess(Channel.WEBHOOK) && !finished.get()) {
            earlyAcks.incrementAndGet();
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
    assertThat(outcomes).as("the duplicates really overlapped the first").contains(Outcome.DUPLICATE_IN_PROGRESS);
    assertThat(outcomes).allMatch(o -> o == Outcome.PROCESSED
        || o == Outcome.DUPLICATE_IN_PROGRESS || o == Outcome.DUPLICATE_DONE);
    assertThat(store.find(DedupKeys.webhook(notifyId))).get()
        .extracting(IdempotencyRecord::state).isEqualTo(State.DONE);
  }

  @Test
  void wechatDoubleDeliveryTwoHundredMillisApartGetsTheRetryableFailureWhileTheFirstRuns()
      throws Exception {
    var id = "wx-" + TestServers.randomSuffix();
    var runs = new AtomicInteger();
    try (var receiver = receiverBuilder(wechatVerifier())
            .inProgressWait(Duration.ofMillis(300), Duration.ofMillis(50)).build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var first = threads.submit(() -> receiver.handle(
          OfficialSdk.wechatV3(id, "ORDER-WX", 100, clock.instant()), n -> {
            runs.incrementAndGet();
            Thread.sleep(1000);
          }));
      Thread.sleep(200);

      var second = receiver.handle(OfficialSdk.wechatV3(id, "ORDER-WX", 100, clock.instant()), n -> runs.incrementAndGet());

      assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE_IN_PROGRESS);
      assertThat(second.reply().status()).isEqualTo(500);
      assertThat(second.reply().body()).isEqualTo("{\"code\":\"FAIL\",\"message\":\"notification is being processed\"}");
      assertThat(first.get(5, TimeUnit.SECONDS).reply().status()).isEqualTo(200);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void wechatDoubleDeliveryWithAWaitLongerThanTheHandlerGetsTheSuccessOnceDone() throws Exception {
    var id = "wx-" + TestServers.randomSuffix();
    var runs = new AtomicInteger();
    try (var receiver = receiverBuilder(wechatVerifier())
            .inProgressWait(Duration.ofMillis(2000), Duration.ofMillis(50)).build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var first = threads.submit(() -> receiver.handle(
          OfficialSdk.wechatV3(id, "ORDER-WX", 100, clock.instant()), n -> {
            runs.incrementAndGet();
            Thread.sleep(1000);
          }));
      Thread.sleep(200);

      var second = receiver.handle(OfficialSdk.wechatV3(id, "ORDER-WX", 100, clock.instant()), n -> runs.incrementAndGet());

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
    store.claim(DedupKeys.webhook(notifyId), "ORDER-" + notifyId + "|SUCCESS|100|CNY",
        "crashed-node", clock.instant(), LEASE); // the node died mid-handler

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
      var first = threads.submit(() -> nodeA.handle(delivery(notifyId), n -> {
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
      assertThat(store.find(DedupKeys.webhook(notifyId))).get().satisfies(record -> {
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
    try (var receiver = NotificationReceiver.builder(
                WebhookVerifier.of(List.of(Deliveries.SECRET), realClock), store)
            .clock(realClock)
            .lease(Duration.ofMillis(300))
            .heartbeat(Duration.ofMillis(100))
            .inProgressWait(Duration.ZERO, Duration.ofMillis(10))
            .metrics(metrics)
            .build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var callback = Deliveries.webhook(notifyId, "ORDER-" + notifyId, "100.00", realClock.instant());
      var first = threads.submit(() -> receiver.handle(callback, n -> {
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
      var failed = receiver.handle(delivery(notifyId), n -> {
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

      var forged = receiver.handle(
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
}
