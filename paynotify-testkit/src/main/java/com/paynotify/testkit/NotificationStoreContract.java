package com.paynotify.testkit;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.RefusedValueException;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.Backlog;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.CreateResult;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.ErrorKind;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationReports;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Percentiles;
import com.paynotify.notification.StatsBucket;
import com.paynotify.notification.Transition;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link DeliveryQueue} and its {@link NotificationReports} must have, tested
 * together: what the queue writes, the reports read. Subclass it once per store (and per database)
 * and supply empty stores; the tests read as the stores' specification.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class NotificationStoreContract {
  /** How long {@link #claimNow} leases a claim for. */
  protected static final Duration LEASE = Duration.ofSeconds(30);

  private static final int CONCURRENT_WORKERS = 4;

  /** The stores under test, empty at the start of each test. */
  protected NotificationStores stores;

  /** The queue of {@link #stores}. */
  protected DeliveryQueue queue;

  /** The reports of {@link #stores}. */
  protected NotificationReports reports;

  /** Now, for claims: starts at {@link Notifications#T0}, when {@code aNotification()} is due. */
  protected MutableClock clock;

  /** Stores holding no notifications and no attempts, called before each test. */
  protected abstract NotificationStores emptyStores();

  @BeforeEach
  void startWithAnEmptyStore() {
    stores = emptyStores();
    queue = stores.queue();
    reports = stores.reports();
    clock = new MutableClock(T0);
  }

  // --- create and find

  @Test
  void storesEveryFieldOfANotification() {
    var notification =
        aNotification()
            .channel(Channel.ALIPAY)
            .paymentStatus(PaymentStatus.REFUNDED)
            .amount(new BigDecimal("12345678.1234"))
            .refundAmount(new BigDecimal("0.01"))
            .currency("USD")
            .extra(
                Map.of(
                    "subject", "Coffee 咖啡", "items", List.of(1, 2), "buyer", Map.of("vip", true)))
            .retryPolicy("alipay")
            .attempts(2)
            .maxAttempts(8)
            .lastHttpStatus(500)
            .lastResponse("busy")
            .lastError("HTTP 500")
            .createdAt(T0.minusSeconds(60))
            .updatedAt(T0.minusMillis(1))
            .version(3)
            .build();

    var outcome = stores.create(notification);

    assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
    assertSameNotification(outcome.notification(), notification);
    assertSameNotification(queue.find(notification.id()).orElseThrow(), notification);
  }

  @Test
  void storesPaymentAndRefundTimesAndHeadersInTheirOrder() {
    var headers = new java.util.LinkedHashMap<String, String>();
    headers.put("X-Shop-Route", "eu-1");
    headers.put("Authorization", "Bearer abc.def");
    var notification =
        aNotification()
            .paymentStatus(PaymentStatus.REFUNDED)
            .refundAmount(new BigDecimal("1.00"))
            .paidAt(Instant.parse("2026-12-01T02:15:30.123Z"))
            .refundedAt(Instant.parse("2026-12-02T01:00:00Z"))
            .headers(headers)
            .build();
    var plain = aNotification().orderNo("ORDER-PLAIN").build();

    stores.create(notification);
    stores.create(plain);

    var found = queue.find(notification.id()).orElseThrow();
    assertThat(found.paidAt()).isEqualTo(Instant.parse("2026-12-01T02:15:30.123Z"));
    assertThat(found.refundedAt()).isEqualTo(Instant.parse("2026-12-02T01:00:00Z"));
    assertThat(List.copyOf(found.headers().keySet()))
        .containsExactly("X-Shop-Route", "Authorization");
    assertThat(found.headers()).containsEntry("Authorization", "Bearer abc.def");
    var foundPlain = queue.find(plain.id()).orElseThrow();
    assertThat(foundPlain.paidAt()).isNull();
    assertThat(foundPlain.headers()).isEmpty();
  }

  @Test
  void findsNothingForAnUnknownId() {
    var unknown = "ntf_unknown";

    var found = queue.find(unknown);

    assertThat(found).isEmpty();
    assertThat(reports.findAttempts(unknown)).isEmpty();
  }

  @Test
  void keepsAmountsExactly() {
    var notification =
        aNotification()
            .amount(new BigDecimal("9999999999999999.9999"))
            .refundAmount(new BigDecimal("0.0001"))
            .build();

    stores.create(notification);

    var found = queue.find(notification.id()).orElseThrow();
    assertThat(found.amount()).isEqualByComparingTo("9999999999999999.9999");
    assertThat(found.refundAmount()).isEqualByComparingTo("0.0001");
  }

  @Test
  void keepsInstantsExactWhenTheDefaultTimeZoneIsNotUtc() {
    // 02:30 on 2026-03-08 does not exist in New York (clocks jump from 2:00 to 3:00): a store that
    // converts through the default time zone moves it by an hour, one that keeps UTC does not.
    var inTheGap = Instant.parse("2026-03-08T02:30:00.123Z");
    var original = TimeZone.getDefault();
    try {
      for (var zone : List.of("Asia/Shanghai", "America/New_York")) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        var notification =
            aNotification()
                .nextAttemptAt(inTheGap)
                .createdAt(inTheGap.minusMillis(1))
                .updatedAt(inTheGap)
                .build();

        stores.create(notification);

        assertSameNotification(queue.find(notification.id()).orElseThrow(), notification);
        assertThat(queue.claimDue(inTheGap.minusMillis(1), 10, inTheGap.plus(LEASE))).isEmpty();
        assertThat(queue.claimDue(inTheGap, 10, inTheGap.plus(LEASE)))
            .extracting(Notification::id)
            .containsExactly(notification.id());
      }
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void returnsTheExistingNotificationForTheSameIdempotencyKey() {
    var first =
        stores.create(aNotification().idempotencyKey("ORDER-1|SUCCESS").build()).notification();
    var again =
        aNotification().idempotencyKey("ORDER-1|SUCCESS").fingerprint("another body").build();

    var outcome = stores.create(again);

    assertThat(outcome).isInstanceOf(CreateOutcome.Existing.class);
    assertSameNotification(outcome.notification(), first);
    assertThat(queue.find(again.id())).isEmpty();
  }

  @Test
  void keepsIdempotencyKeysApartPerMerchant() {
    stores.create(aNotification().merchantId("m1").idempotencyKey("ORDER-1|SUCCESS").build());

    var outcome =
        stores.create(aNotification().merchantId("m2").idempotencyKey("ORDER-1|SUCCESS").build());

    assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
  }

  @Test
  void createsExactlyOneNotificationWhenTheSameKeyArrivesConcurrently() throws Exception {
    var start = new CountDownLatch(1);
    var creates = new ArrayList<Callable<CreateOutcome>>();
    for (int i = 0; i < CONCURRENT_WORKERS * 2; i++) {
      var notification = aNotification().idempotencyKey("ORDER-RACE|SUCCESS").build();
      creates.add(
          () -> {
            start.await();
            return stores.create(notification);
          });
    }

    var outcomes = runTogether(creates, start);

    assertThat(outcomes).filteredOn(o -> o instanceof CreateOutcome.Created).hasSize(1);
    assertThat(outcomes)
        .extracting(o -> o.notification().id())
        .containsOnly(outcomes.getFirst().notification().id());
  }

  // --- create in bulk

  @Test
  void createsABatchWithOneResultPerNotificationInOrder() {
    var batch = List.of(aNotification().build(), aNotification().build(), aNotification().build());

    var results = queue.createAll(batch, LeaseOffer.NONE);

    assertThat(results)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.orThrow()).isInstanceOf(CreateOutcome.Created.class));
    assertThat(results)
        .extracting(r -> r.orThrow().notification().id())
        .containsExactly(batch.get(0).id(), batch.get(1).id(), batch.get(2).id());
    assertThat(batch).allSatisfy(n -> assertThat(queue.find(n.id())).isPresent());
  }

  @Test
  void answersAKeyRepeatedInOneBatchWithTheFirstOfIt() {
    var stored = create(aNotification().idempotencyKey("ORDER-S|SUCCESS"));
    var first = aNotification().idempotencyKey("ORDER-B|SUCCESS").build();
    var again =
        aNotification().idempotencyKey("ORDER-B|SUCCESS").fingerprint("another body").build();
    var storedAgain = aNotification().idempotencyKey("ORDER-S|SUCCESS").build();

    var results = queue.createAll(List.of(first, again, storedAgain), LeaseOffer.NONE);

    assertThat(results.get(0).orThrow()).isInstanceOf(CreateOutcome.Created.class);
    assertThat(results.get(1).orThrow()).isInstanceOf(CreateOutcome.Existing.class);
    assertThat(results.get(1).orThrow().notification().id()).isEqualTo(first.id());
    assertThat(results.get(1).orThrow().notification().fingerprint())
        .as("the stored body, to compare with")
        .isEqualTo(first.fingerprint());
    assertThat(results.get(2).orThrow()).isInstanceOf(CreateOutcome.Existing.class);
    assertThat(results.get(2).orThrow().notification().id()).isEqualTo(stored.id());
    assertThat(queue.find(again.id())).isEmpty();
  }

  @Test
  void failsOnlyTheNotificationOfABatchThatTheDatabaseRefuses() {
    var before = aNotification().build();
    var refused = aNotification().currency("C".repeat(200)).build();
    var after = aNotification().build();

    var results = queue.createAll(List.of(before, refused, after), LeaseOffer.NONE);

    assertThat(results.get(0).orThrow()).isInstanceOf(CreateOutcome.Created.class);
    assertThat(results.get(1)).isInstanceOf(CreateResult.Failed.class);
    assertThat(((CreateResult.Failed) results.get(1)).error())
        .isInstanceOf(RefusedValueException.class);
    assertThat(results.get(2).orThrow()).isInstanceOf(CreateOutcome.Created.class);
    assertThat(queue.find(before.id())).isPresent();
    assertThat(queue.find(refused.id())).isEmpty();
    assertThat(queue.find(after.id())).isPresent();
  }

  @Test
  void leasesAFreshNotificationOnlyWhenNothingOfItsOrderIsWaitingOrInFlight() {
    var waiting = create(aNotification().orderNo("ORDER-BUSY").idempotencyKey("busy-1"));
    var laterOfBusy = aNotification().orderNo("ORDER-BUSY").idempotencyKey("busy-2").build();
    var firstOfFree = aNotification().orderNo("ORDER-FREE").idempotencyKey("free-1").build();
    var secondOfFree = aNotification().orderNo("ORDER-FREE").idempotencyKey("free-2").build();
    var notYetDue = aNotification().nextAttemptAt(T0.plusSeconds(60)).build();
    var offer = new LeaseOffer(clock, LEASE, 10);

    var results =
        queue.createAll(List.of(laterOfBusy, firstOfFree, secondOfFree, notYetDue), offer);

    assertThat(results)
        .extracting(r -> r.orThrow().notification().status())
        .containsExactly(
            NotificationStatus.PENDING,
            NotificationStatus.DELIVERING,
            NotificationStatus.PENDING,
            NotificationStatus.PENDING);
    var leased = results.get(1).orThrow().notification();
    assertThat(leased.leaseUntil()).isEqualTo(T0.plus(LEASE));
    assertThat(queue.find(firstOfFree.id()).orElseThrow().status())
        .isEqualTo(NotificationStatus.DELIVERING);
    assertThat(queue.claimDue(T0, 10, T0.plus(LEASE)))
        .as("the leased one is not claimed while its lease holds")
        .extracting(Notification::id)
        .containsExactly(waiting.id());
  }

  @Test
  void leasesOnlyOneOfTwoEventsOfAnOrderCreatedAtTheSameMoment() throws Exception {
    // Two nodes, or a bulk and a single create on one node, each checking the order before the
    // other's insert is committed: without a lock on the order both would lease and be sent at
    // once.
    var offer = new LeaseOffer(clock, LEASE, 10);
    for (int round = 0; round < 25; round++) {
      var orderNo = "ORDER-TOGETHER-" + round;
      var start = new CountDownLatch(1);
      var creates = new ArrayList<Callable<Notification>>();
      for (int i = 0; i < 2; i++) {
        var event = aNotification().orderNo(orderNo).idempotencyKey(orderNo + "|" + i).build();
        creates.add(
            () -> {
              start.await();
              return queue.createAll(List.of(event), offer).getFirst().orThrow().notification();
            });
      }

      var created = runTogether(creates, start);

      assertThat(created)
          .as("events of %s leased at insert", orderNo)
          .filteredOn(n -> n.status() == NotificationStatus.DELIVERING)
          .hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void leasesNoMoreThanTheOfferHasRoomFor() {
    var batch = List.of(aNotification().build(), aNotification().build(), aNotification().build());

    var results = queue.createAll(batch, new LeaseOffer(clock, LEASE, 2));

    assertThat(results)
        .extracting(r -> r.orThrow().notification().status())
        .containsExactly(
            NotificationStatus.DELIVERING,
            NotificationStatus.DELIVERING,
            NotificationStatus.PENDING);
  }

  @Test
  void letsAnyClaimTakeOverALeasedInsertOnceItsLeaseLapses() {
    var leased =
        queue
            .createAll(List.of(aNotification().build()), new LeaseOffer(clock, LEASE, 1))
            .getFirst()
            .orThrow()
            .notification();
    assertThat(leased.status()).isEqualTo(NotificationStatus.DELIVERING);

    assertThat(queue.claimDue(T0.plus(LEASE).minusMillis(1), 10, T0.plus(LEASE).plus(LEASE)))
        .isEmpty();
    var takenOver = queue.claimDue(T0.plus(LEASE), 10, T0.plus(LEASE).plus(LEASE));

    assertThat(takenOver).extracting(Notification::id).containsExactly(leased.id());
    assertThat(takenOver.getFirst().version()).isEqualTo(leased.version() + 1);
    assertThat(queue.apply(Transition.changed(leased, succeeded(leased, T0.plusSeconds(1)))))
        .as("the first lease's stale result")
        .isFalse();
  }

  @Test
  void readsTheClockForAClaimsLeaseOnceItHoldsAConnection() {
    var due = create(aNotification());
    clock.set(T0.plusSeconds(5));

    var claimed = queue.claimDue(10, clock, LEASE);

    assertThat(claimed).extracting(Notification::id).containsExactly(due.id());
    assertThat(claimed.getFirst().leaseUntil()).isEqualTo(T0.plusSeconds(5).plus(LEASE));
  }

  // --- claim

  @Test
  void claimsDueNotificationsOldestDueFirstUpToTheLimit() {
    var later = create(aNotification().nextAttemptAt(T0.minusSeconds(1)));
    var oldest = create(aNotification().nextAttemptAt(T0.minusSeconds(3)));
    var older = create(aNotification().nextAttemptAt(T0.minusSeconds(2)));
    var notYetDue = create(aNotification().nextAttemptAt(T0.plusMillis(1)));

    var claimed = queue.claimDue(T0, 2, T0.plus(LEASE));

    assertThat(claimed).extracting(Notification::id).containsExactly(oldest.id(), older.id());
    assertThat(claimed)
        .allSatisfy(
            n -> {
              assertThat(n.status()).isEqualTo(NotificationStatus.DELIVERING);
              assertThat(n.leaseUntil()).isEqualTo(T0.plus(LEASE));
              assertThat(n.updatedAt()).isEqualTo(T0);
              assertThat(n.version()).isEqualTo(1);
            });
    assertSameNotification(queue.find(oldest.id()).orElseThrow(), claimed.getFirst());
    assertThat(queue.find(later.id()).orElseThrow().status()).isEqualTo(NotificationStatus.PENDING);
    assertThat(queue.find(notYetDue.id()).orElseThrow().version()).isZero();
  }

  @Test
  void claimsEachDueNotificationOnlyOnce() {
    var due = create(aNotification());
    claimNow(10);
    clock.tick(LEASE.minusMillis(1));

    var again = claimNow(10);

    assertThat(again).isEmpty();
    assertThat(queue.find(due.id()).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void reclaimsALapsedLease() {
    var due = create(aNotification());
    claimNow(10);
    clock.tick(LEASE);

    var reclaimed = claimNow(10);

    assertThat(reclaimed)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.id()).isEqualTo(due.id());
              assertThat(n.status()).isEqualTo(NotificationStatus.DELIVERING);
              assertThat(n.leaseUntil()).isEqualTo(T0.plus(LEASE.multipliedBy(2)));
              assertThat(n.version()).isEqualTo(2);
            });
  }

  @Test
  void holdsALaterEventOfTheSameOrderUntilTheEarlierEnds() {
    var paid = create(aNotification().orderNo("ORDER-7").idempotencyKey("ORDER-7|SUCCESS"));
    var refunded =
        create(
            aNotification()
                .orderNo("ORDER-7")
                .paymentStatus(PaymentStatus.REFUNDED)
                .idempotencyKey("ORDER-7|REFUNDED")
                .nextAttemptAt(T0.minusSeconds(10)));
    var first = claimNow(10);
    clock.tick(Duration.ofSeconds(1));
    var whileTheFirstIsInFlight = claimNow(10);
    queue.apply(
        Transition.changed(
            first.getFirst(), succeeded(first.getFirst(), clock.tick(Duration.ofSeconds(1)))));

    var afterTheFirstEnded = claimNow(10);

    assertThat(first).extracting(Notification::id).containsExactly(paid.id());
    assertThat(whileTheFirstIsInFlight).isEmpty();
    assertThat(afterTheFirstEnded).extracting(Notification::id).containsExactly(refunded.id());
  }

  @Test
  void holdsALaterEventWhileTheEarlierWaitsForARetry() {
    var paid =
        create(
            aNotification()
                .orderNo("ORDER-8")
                .idempotencyKey("ORDER-8|SUCCESS")
                .nextAttemptAt(T0.plusSeconds(60)));
    create(
        aNotification()
            .orderNo("ORDER-8")
            .paymentStatus(PaymentStatus.REFUNDED)
            .idempotencyKey("ORDER-8|REFUNDED"));

    var claimed = claimNow(10);

    assertThat(claimed).isEmpty();
    assertThat(queue.find(paid.id()).orElseThrow().status()).isEqualTo(NotificationStatus.PENDING);
  }

  @Test
  void holdsNothingOfOtherOrdersOrMerchants() {
    var a = create(aNotification().merchantId("m1").orderNo("ORDER-9").idempotencyKey("k1"));
    var b = create(aNotification().merchantId("m2").orderNo("ORDER-9").idempotencyKey("k2"));
    var c = create(aNotification().merchantId("m1").orderNo("ORDER-10").idempotencyKey("k3"));

    var claimed = claimNow(10);

    assertThat(claimed)
        .extracting(Notification::id)
        .containsExactlyInAnyOrder(a.id(), b.id(), c.id());
  }

  @Test
  void givesConcurrentClaimersDisjointNotifications() throws Exception {
    int total = 120;
    for (int i = 0; i < total; i++) {
      create(aNotification().nextAttemptAt(T0.minusMillis(i)));
    }
    var start = new CountDownLatch(1);
    var claimers = new ArrayList<Callable<List<String>>>();
    for (int i = 0; i < CONCURRENT_WORKERS; i++) {
      claimers.add(
          () -> {
            start.await();
            var mine = new ArrayList<String>();
            List<Notification> batch;
            do {
              batch = queue.claimDue(T0, 7, T0.plus(LEASE));
              batch.forEach(n -> mine.add(n.id()));
            } while (!batch.isEmpty());
            return mine;
          });
    }

    var claims = runTogether(claimers, start);

    var all = claims.stream().flatMap(List::stream).toList();
    assertThat(all).doesNotHaveDuplicates().hasSize(total);
    assertThat(reports.backlog(T0).due()).isZero();
  }

  // --- apply

  @Test
  void appliesATransitionWithItsAttempt() {
    create(aNotification());
    var claimed = queue.claimDue(T0, 1, T0.plus(LEASE)).getFirst();
    var next =
        claimed.toBuilder()
            .status(NotificationStatus.PENDING)
            .attempts(1)
            .nextAttemptAt(T0.plusSeconds(60))
            .leaseUntil(null)
            .lastHttpStatus(503)
            .lastResponse("try later")
            .lastError("HTTP 503")
            .updatedAt(T0.plusMillis(250))
            .build();
    var attempt =
        new Attempt(
            claimed.id(),
            1,
            T0,
            Duration.ofMillis(250),
            503,
            "try later",
            ErrorKind.HTTP_STATUS,
            "HTTP 503");

    var written = queue.apply(Transition.attempted(next, attempt));

    assertThat(written).isTrue();
    assertSameNotification(
        queue.find(next.id()).orElseThrow(), next.toBuilder().version(next.version() + 1).build());
    assertThat(reports.findAttempts(next.id())).containsExactly(attempt);
    assertThat(reports.backlog(T0.plusSeconds(59)).due()).isZero();
    assertThat(reports.backlog(T0.plusSeconds(60)).due()).isOne();
  }

  @Test
  void keepsTheHeadersAnAttemptAdded() {
    create(aNotification());
    var claimed = queue.claimDue(T0, 1, T0.plus(LEASE)).getFirst();
    var next =
        claimed.toBuilder()
            .status(NotificationStatus.SUCCEEDED)
            .attempts(1)
            .nextAttemptAt(null)
            .leaseUntil(null)
            .lastHttpStatus(200)
            .completedAt(T0.plusMillis(20))
            .updatedAt(T0.plusMillis(20))
            .build();
    var attempt =
        new Attempt(
            claimed.id(),
            1,
            T0,
            Duration.ofMillis(20),
            200,
            "ok",
            null,
            null,
            Map.of("Authorization", "redacted", "X-Shop-Route", "eu-1"));

    queue.apply(Transition.attempted(next, attempt));

    assertThat(reports.findAttempts(next.id()))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.requestHeaders())
                    .isEqualTo(Map.of("Authorization", "redacted", "X-Shop-Route", "eu-1")));
  }

  @Test
  void refusesAStaleTransition() {
    var created = create(aNotification());
    queue.claimDue(T0, 1, T0.plus(LEASE));
    var stale = succeeded(created, T0.plusSeconds(1));

    var written = queue.apply(Transition.attempted(stale, anAttempt(created, 1)));

    assertThat(written).isFalse();
    var stored = queue.find(created.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(NotificationStatus.DELIVERING);
    assertThat(stored.version()).isEqualTo(1);
    assertThat(reports.findAttempts(created.id())).isEmpty();
  }

  @Test
  void writesOnlyTheCurrentTransitionsOfABatch() {
    var current = create(aNotification());
    var moved = create(aNotification());
    queue.apply(Transition.changed(moved, moved.toBuilder().updatedAt(T0.plusSeconds(1)).build()));

    var written =
        queue.apply(
            List.of(
                Transition.attempted(succeeded(current, T0.plusSeconds(2)), anAttempt(current, 1)),
                Transition.attempted(succeeded(moved, T0.plusSeconds(2)), anAttempt(moved, 1))));

    assertThat(written).containsExactly(current.id());
    assertThat(reports.findAttempts(current.id())).hasSize(1);
    assertThat(reports.findAttempts(moved.id())).isEmpty();
    assertThat(queue.find(moved.id()).orElseThrow().status()).isEqualTo(NotificationStatus.PENDING);
  }

  @Test
  void appliesABatchOfTransitionsWithTheirAttempts() {
    var claimed = new ArrayList<Notification>();
    for (int i = 0; i < 5; i++) {
      create(aNotification());
    }
    claimed.addAll(queue.claimDue(T0, 10, T0.plus(LEASE)));
    var transitions =
        claimed.stream()
            .map(n -> Transition.attempted(succeeded(n, T0.plusSeconds(1)), anAttempt(n, 1)))
            .toList();

    var written = queue.apply(transitions);

    assertThat(written)
        .containsExactlyInAnyOrderElementsOf(claimed.stream().map(Notification::id).toList());
    assertThat(claimed)
        .allSatisfy(
            n -> {
              assertThat(queue.find(n.id()).orElseThrow().status())
                  .isEqualTo(NotificationStatus.SUCCEEDED);
              assertThat(reports.findAttempts(n.id())).containsExactly(anAttempt(n, 1));
            });
  }

  @Test
  void listsAttemptsOldestFirst() {
    var notification = create(aNotification());
    var first = anAttempt(notification, 1);
    var retried = notification.toBuilder().attempts(1).updatedAt(T0.plusSeconds(1)).build();
    queue.apply(Transition.attempted(retried, first));
    var second = anAttempt(notification, 2);

    queue.apply(
        Transition.attempted(
            succeeded(retried.toBuilder().version(1).build(), T0.plusSeconds(2)), second));

    assertThat(reports.findAttempts(notification.id())).containsExactly(first, second);
  }

  @Test
  void cutsLongResponsesToWhatIsKept() {
    var notification = create(aNotification());
    var body = "x".repeat(Attempt.MAX_RESPONSE_CHARS + 500);
    var next =
        notification.toBuilder()
            .attempts(1)
            .lastResponse(body)
            .updatedAt(T0.plusSeconds(1))
            .build();
    var attempt =
        new Attempt(
            notification.id(),
            1,
            T0,
            Duration.ofMillis(5),
            200,
            body,
            ErrorKind.BAD_ACK,
            "not success");

    queue.apply(Transition.attempted(next, attempt));

    assertThat(queue.find(notification.id()).orElseThrow().lastResponse())
        .hasSize(Attempt.MAX_RESPONSE_CHARS);
    assertThat(reports.findAttempts(notification.id()).getFirst().response())
        .hasSize(Attempt.MAX_RESPONSE_CHARS);
  }

  @Test
  void leavesAnEndedNotificationUnclaimed() {
    var notification = create(aNotification());
    queue.apply(Transition.changed(notification, succeeded(notification, T0)));

    var claimed = queue.claimDue(T0.plus(Duration.ofDays(365)), 10, T0.plus(Duration.ofDays(366)));

    assertThat(claimed).isEmpty();
    assertThat(reports.backlog(T0.plus(Duration.ofDays(365))))
        .isEqualTo(new Backlog(0, 0, 0, null));
  }

  @Test
  void makesARetriedNotificationDueAgain() {
    var notification = create(aNotification());
    queue.apply(
        Transition.changed(notification, ended(notification, NotificationStatus.FAILED, T0)));
    var failed = queue.find(notification.id()).orElseThrow();
    var retried =
        failed.toBuilder()
            .status(NotificationStatus.PENDING)
            .nextAttemptAt(T0.plusSeconds(5))
            .completedAt(null)
            .updatedAt(T0.plusSeconds(5))
            .build();

    queue.apply(Transition.changed(failed, retried));

    assertThat(queue.claimDue(T0.plusSeconds(5), 10, T0.plus(LEASE)))
        .extracting(Notification::id)
        .containsExactly(notification.id());
  }

  // --- purge

  @Test
  void purgesOnlyEndedNotificationsOlderThanTheCutoff() {
    var cutoff = T0.plus(Duration.ofDays(30));
    var oldSuccess = endedWithAnAttempt(NotificationStatus.SUCCEEDED, cutoff.minusMillis(1));
    var oldAbandoned = endedWithAnAttempt(NotificationStatus.ABANDONED, cutoff.minusSeconds(60));
    var oldFailure = endedWithAnAttempt(NotificationStatus.FAILED, cutoff.minusSeconds(60));
    var recentSuccess = endedWithAnAttempt(NotificationStatus.SUCCEEDED, cutoff);
    var pending = create(aNotification());

    var purged = queue.purgeEnded(cutoff, 100);

    assertThat(purged).isEqualTo(2);
    assertThat(queue.find(oldSuccess.id())).isEmpty();
    assertThat(queue.find(oldAbandoned.id())).isEmpty();
    assertThat(reports.findAttempts(oldSuccess.id())).isEmpty();
    assertThat(queue.find(oldFailure.id())).isPresent();
    assertThat(queue.find(recentSuccess.id())).isPresent();
    assertThat(reports.findAttempts(recentSuccess.id())).hasSize(1);
    assertThat(queue.find(pending.id())).isPresent();
  }

  @Test
  void purgesNoMoreThanTheLimit() {
    for (int i = 0; i < 3; i++) {
      endedWithAnAttempt(NotificationStatus.SUCCEEDED, T0.plusSeconds(i));
    }

    var first = queue.purgeEnded(T0.plusSeconds(60), 2);
    var second = queue.purgeEnded(T0.plusSeconds(60), 2);

    assertThat(first).isEqualTo(2);
    assertThat(second).isEqualTo(1);
  }

  // --- search

  @Test
  void searchesByEveryCriterionNewestFirst() {
    var old =
        create(
            aNotification()
                .merchantId("m1")
                .orderNo("A")
                .idempotencyKey("a")
                .createdAt(T0.minusSeconds(20)));
    var alipay =
        create(
            aNotification()
                .merchantId("m1")
                .orderNo("B")
                .idempotencyKey("b")
                .channel(Channel.ALIPAY)
                .createdAt(T0.minusSeconds(10)));
    var other =
        create(aNotification().merchantId("m2").orderNo("A").idempotencyKey("a").createdAt(T0));
    var done =
        create(
            aNotification()
                .merchantId("m1")
                .orderNo("A")
                .idempotencyKey("a2")
                .createdAt(T0.plusSeconds(10)));
    queue.apply(Transition.changed(done, succeeded(done, T0.plusSeconds(11))));

    var byMerchant = search(new NotificationQuery("m1", null, null, null, null, null, 0, 10));
    var byOrder = search(new NotificationQuery("m1", "A", null, null, null, null, 0, 10));
    var byStatus =
        search(
            new NotificationQuery(
                null, null, NotificationStatus.SUCCEEDED, null, null, null, 0, 10));
    var byChannel =
        search(new NotificationQuery(null, null, null, Channel.ALIPAY, null, null, 0, 10));
    var byTime =
        search(
            new NotificationQuery(
                null, null, null, null, T0.minusSeconds(10), T0.plusSeconds(10), 0, 10));
    var everything = search(NotificationQuery.all(0, 10));

    assertThat(byMerchant).containsExactly(done.id(), alipay.id(), old.id());
    assertThat(byOrder).containsExactly(done.id(), old.id());
    assertThat(byStatus).containsExactly(done.id());
    assertThat(byChannel).containsExactly(alipay.id());
    assertThat(byTime).containsExactly(other.id(), alipay.id());
    assertThat(everything).containsExactly(done.id(), other.id(), alipay.id(), old.id());
  }

  @Test
  void findsTheNotificationsThatNeedARetryAlsoPageByPage() {
    var untried = create(aNotification().merchantId("m1").orderNo("A").createdAt(T0));
    var waitingOld =
        create(
            aNotification().merchantId("m1").orderNo("B").attempts(1).createdAt(T0.plusSeconds(1)));
    var ofOther =
        create(
            aNotification().merchantId("m2").orderNo("C").attempts(2).createdAt(T0.plusSeconds(2)));
    var waitingNew =
        create(
            aNotification().merchantId("m1").orderNo("D").attempts(3).createdAt(T0.plusSeconds(3)));
    var failed =
        create(
            aNotification().merchantId("m1").orderNo("E").attempts(1).createdAt(T0.plusSeconds(4)));
    queue.apply(
        Transition.changed(failed, ended(failed, NotificationStatus.FAILED, T0.plusSeconds(5))));
    var done =
        create(
            aNotification().merchantId("m1").orderNo("F").attempts(1).createdAt(T0.plusSeconds(5)));
    queue.apply(Transition.changed(done, succeeded(done, T0.plusSeconds(6))));

    var retrying = reports.search(NotificationQuery.all(0, 10).needingRetry());
    var ofM1 =
        search(new NotificationQuery("m1", null, null, null, null, null, 0, 10).needingRetry());
    var firstPage = search(NotificationQuery.all(0, 2).needingRetry());
    var nextPage = search(NotificationQuery.all(0, 2).needingRetry().before(ofOther.id()));
    var retryingAndFailed =
        search(
            new NotificationQuery(null, null, NotificationStatus.FAILED, null, null, null, 0, 10)
                .needingRetry());
    var withinM2 =
        search(NotificationQuery.all(0, 10).needingRetry().withinMerchants(Set.of("m2")));

    assertThat(retrying.items())
        .extracting(Notification::id)
        .containsExactly(waitingNew.id(), ofOther.id(), waitingOld.id());
    assertThat(retrying.total()).isEqualTo(3);
    assertThat(ofM1).containsExactly(waitingNew.id(), waitingOld.id()).doesNotContain(untried.id());
    assertThat(firstPage).containsExactly(waitingNew.id(), ofOther.id());
    assertThat(nextPage).containsExactly(waitingOld.id());
    assertThat(retryingAndFailed).isEmpty();
    assertThat(withinM2).containsExactly(ofOther.id());
  }

  @Test
  void searchesOnlyWithinTheGivenMerchants() {
    var ofM1 = create(aNotification().merchantId("m1").orderNo("A").createdAt(T0));
    var ofM2 = create(aNotification().merchantId("m2").orderNo("A").createdAt(T0.plusSeconds(1)));
    create(aNotification().merchantId("m3").orderNo("A").createdAt(T0.plusSeconds(2)));
    var scope = java.util.Set.of("m1", "m2");

    var within = reports.search(NotificationQuery.all(0, 10).withinMerchants(scope));
    var byOrderWithin =
        search(
            new NotificationQuery(null, "A", null, null, null, null, 0, 10).withinMerchants(scope));
    var otherMerchantWithin =
        search(
            new NotificationQuery("m3", null, null, null, null, null, 0, 10)
                .withinMerchants(scope));
    var withinNone =
        reports.search(NotificationQuery.all(0, 10).withinMerchants(java.util.Set.of()));
    var nextPage = search(NotificationQuery.all(0, 1).withinMerchants(scope).before(ofM2.id()));

    assertThat(within.items()).extracting(Notification::id).containsExactly(ofM2.id(), ofM1.id());
    assertThat(within.total()).isEqualTo(2);
    assertThat(byOrderWithin).containsExactly(ofM2.id(), ofM1.id());
    assertThat(otherMerchantWithin).isEmpty();
    assertThat(withinNone.items()).isEmpty();
    assertThat(withinNone.total()).isZero();
    assertThat(nextPage).containsExactly(ofM1.id());
  }

  @Test
  void pagesSearchResultsWithTheTotal() {
    var ids = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      ids.add(create(aNotification().createdAt(T0.plusSeconds(i))).id());
    }
    Collections.reverse(ids);

    var first = reports.search(NotificationQuery.all(0, 2));
    var last = reports.search(NotificationQuery.all(2, 2));
    var beyond = reports.search(NotificationQuery.all(3, 2));

    assertThat(first.items()).extracting(Notification::id).containsExactly(ids.get(0), ids.get(1));
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.page()).isZero();
    assertThat(first.size()).isEqualTo(2);
    assertThat(last.items()).extracting(Notification::id).containsExactly(ids.get(4));
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(5);
  }

  @Test
  void continuesASearchAfterAKeysetCursorAlsoWithinOneMillisecond() {
    var ids = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      ids.add(create(aNotification().merchantId("m1").createdAt(T0.plusSeconds(i / 2))).id());
    }
    create(aNotification().merchantId("m2").createdAt(T0));
    Collections.reverse(ids);
    var query = new NotificationQuery("m1", null, null, null, null, null, 0, 2);

    var first = reports.search(query);
    var second = reports.search(query.before(ids.get(1)));
    var third = reports.search(query.before(ids.get(3)));
    var unknownCursor = reports.search(query.before("no-such-id"));

    assertThat(first.items()).extracting(Notification::id).containsExactly(ids.get(0), ids.get(1));
    assertThat(second.items()).extracting(Notification::id).containsExactly(ids.get(2), ids.get(3));
    assertThat(third.items()).extracting(Notification::id).containsExactly(ids.get(4));
    assertThat(third.total()).isEqualTo(5);
    assertThat(unknownCursor.items()).isEmpty();
  }

  @Test
  void ordersNotificationsCreatedInTheSameMillisecondNewestFirst() {
    var first = create(aNotification());
    var second = create(aNotification());
    var third = create(aNotification());

    var found = search(NotificationQuery.all(0, 10));

    assertThat(found).containsExactly(third.id(), second.id(), first.id());
  }

  // --- stats and counts

  @Test
  void countsByStatusWithTheSuccessRateAndAttemptLatency() {
    var succeeded = create(aNotification());
    queue.apply(
        Transition.attempted(
            succeeded(succeeded, T0.plusSeconds(1)),
            anAttempt(succeeded, 1, Duration.ofMillis(100))));
    var failed = create(aNotification());
    queue.apply(
        Transition.attempted(
            ended(failed, NotificationStatus.FAILED, T0.plusSeconds(1)),
            anAttempt(failed, 1, Duration.ofMillis(300))));
    var abandoned = create(aNotification());
    queue.apply(
        Transition.changed(
            abandoned, ended(abandoned, NotificationStatus.ABANDONED, T0.plusSeconds(1))));
    var another = create(aNotification());
    queue.apply(
        Transition.attempted(
            succeeded(another, T0.plusSeconds(1)), anAttempt(another, 1, Duration.ofMillis(200))));
    create(aNotification());

    var stats = reports.stats(null, null, null, null);

    assertThat(stats.byStatus())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                NotificationStatus.PENDING, 1L,
                NotificationStatus.DELIVERING, 0L,
                NotificationStatus.SUCCEEDED, 2L,
                NotificationStatus.FAILED, 1L,
                NotificationStatus.ABANDONED, 1L));
    assertThat(stats.total()).isEqualTo(5);
    assertThat(stats.successRate()).isEqualTo(0.5);
    assertThat(stats.attempts()).isEqualTo(3);
    assertThat(stats.averageAttemptDuration()).isEqualTo(Duration.ofMillis(200));
    assertThat(stats.maxAttemptDuration()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void reportsEveryStatusAndAZeroSuccessRateWhenNothingEnded() {
    create(aNotification());

    var stats = reports.stats(null, null, null, null);

    assertThat(stats.byStatus()).containsOnlyKeys(NotificationStatus.values());
    assertThat(stats.byStatus().get(NotificationStatus.PENDING)).isOne();
    assertThat(stats.successRate()).isZero();
    assertThat(stats.attempts()).isZero();
    assertThat(stats.averageAttemptDuration()).isEqualTo(Duration.ZERO);
    assertThat(stats.maxAttemptDuration()).isEqualTo(Duration.ZERO);
  }

  @Test
  void filtersStatsByMerchantChannelAndCreationTime() {
    var counted = create(aNotification().merchantId("m1").channel(Channel.WECHAT_V3).createdAt(T0));
    queue.apply(
        Transition.attempted(
            succeeded(counted, T0.plusSeconds(1)), anAttempt(counted, 1, Duration.ofMillis(40))));
    var otherMerchant =
        create(aNotification().merchantId("m2").channel(Channel.WECHAT_V3).createdAt(T0));
    queue.apply(
        Transition.attempted(
            ended(otherMerchant, NotificationStatus.FAILED, T0),
            anAttempt(otherMerchant, 1, Duration.ofMillis(900))));
    create(aNotification().merchantId("m1").channel(Channel.ALIPAY).createdAt(T0));
    create(
        aNotification().merchantId("m1").channel(Channel.WECHAT_V3).createdAt(T0.plusSeconds(60)));
    create(
        aNotification().merchantId("m1").channel(Channel.WECHAT_V3).createdAt(T0.minusMillis(1)));

    var stats = reports.stats("m1", Channel.WECHAT_V3, T0, T0.plusSeconds(60));

    assertThat(stats.total()).isOne();
    assertThat(stats.byStatus().get(NotificationStatus.SUCCEEDED)).isOne();
    assertThat(stats.successRate()).isEqualTo(1.0);
    assertThat(stats.attempts()).isOne();
    assertThat(stats.maxAttemptDuration()).isEqualTo(Duration.ofMillis(40));
  }

  @Test
  void computesAttemptLatencyPercentilesByNearestRank() {
    for (int i = 1; i <= 20; i++) {
      var n = create(aNotification());
      queue.apply(
          Transition.attempted(
              succeeded(n, T0.plusSeconds(1)), anAttempt(n, 1, Duration.ofMillis(10L * i))));
    }

    var stats = reports.stats(null, null, null, null);

    // Exact: 100, 190 and 200 ms; a store may answer from LatencyBins, within an eighth.
    var percentiles = stats.attemptPercentiles();
    assertThat(percentiles.p50().toMillis()).isBetween(100L - 100 / 8, 100L + 100 / 8);
    assertThat(percentiles.p95().toMillis()).isBetween(190L - 190 / 8, 190L + 190 / 8);
    assertThat(percentiles.p99().toMillis()).isBetween(200L - 200 / 8, 200L);
  }

  @Test
  void reportsZeroPercentilesWithoutAttempts() {
    create(aNotification());

    var stats = reports.stats(null, null, null, null);

    assertThat(stats.attemptPercentiles()).isEqualTo(Percentiles.NONE);
  }

  @Test
  void countsCreationsEndingsAndAttemptsPerBucket() {
    var hour = Duration.ofHours(1);
    var early = create(aNotification().createdAt(T0.plusSeconds(10)));
    queue.apply(Transition.attempted(succeeded(early, T0.plusSeconds(20)), anAttempt(early, 1)));
    var failed = create(aNotification().createdAt(T0.plusSeconds(30)));
    queue.apply(
        Transition.attempted(
            ended(failed, NotificationStatus.FAILED, T0.plus(hour).plusSeconds(5)),
            anAttempt(failed, 1)));
    var abandoned = create(aNotification().createdAt(T0.plus(hour).plusSeconds(1)));
    queue.apply(
        Transition.changed(
            abandoned,
            ended(abandoned, NotificationStatus.ABANDONED, T0.plus(hour).plusSeconds(2))));
    create(aNotification().createdAt(T0.plus(hour.multipliedBy(3))));
    create(aNotification().createdAt(T0.minusSeconds(1)));

    var series = reports.series(null, null, T0, T0.plus(hour.multipliedBy(3)), hour);

    assertThat(series)
        .containsExactly(
            new StatsBucket(T0, 2, 1, 0, 0, 2), new StatsBucket(T0.plus(hour), 1, 0, 1, 1, 0));
  }

  @Test
  void filtersTheSeriesByMerchantAndChannel() {
    var minute = Duration.ofMinutes(1);
    var counted =
        create(
            aNotification().merchantId("m1").channel(Channel.ALIPAY).createdAt(T0.plusSeconds(61)));
    queue.apply(
        Transition.attempted(
            succeeded(counted, T0.plusSeconds(62)), anAttemptAt(counted, T0.plusSeconds(61))));
    var otherMerchant =
        create(
            aNotification().merchantId("m2").channel(Channel.ALIPAY).createdAt(T0.plusSeconds(61)));
    queue.apply(
        Transition.attempted(
            succeeded(otherMerchant, T0.plusSeconds(62)),
            anAttemptAt(otherMerchant, T0.plusSeconds(61))));
    create(aNotification().merchantId("m1").channel(Channel.WEBHOOK).createdAt(T0.plusSeconds(61)));

    var series = reports.series("m1", Channel.ALIPAY, T0, T0.plus(Duration.ofHours(1)), minute);

    assertThat(series).containsExactly(new StatsBucket(T0.plus(minute), 1, 1, 0, 0, 1));
  }

  @Test
  void measuresTheBacklogWithTheOldestDueTime() {
    create(aNotification().nextAttemptAt(T0.minusSeconds(90)));
    create(aNotification().nextAttemptAt(T0.minusSeconds(5)));
    create(aNotification().nextAttemptAt(T0.plusSeconds(60)));
    create(aNotification().nextAttemptAt(T0.minusSeconds(300)));
    queue.claimDue(T0.minusSeconds(300), 1, T0.plusSeconds(30));
    var done = create(aNotification().nextAttemptAt(T0.minusSeconds(1000)));
    queue.apply(Transition.changed(done, succeeded(done, T0)));

    var backlog = reports.backlog(T0);

    assertThat(backlog).isEqualTo(new Backlog(2, 1, 1, T0.minusSeconds(90)));
  }

  @Test
  void keepsTheScheduledCountThroughEveryChangeOfStatus() {
    var later = T0.plusSeconds(600);
    var waiting = create(aNotification().nextAttemptAt(later));
    var failing = create(aNotification());
    var leased =
        queue
            .createAll(List.of(aNotification().build()), new LeaseOffer(clock, LEASE, 1))
            .getFirst()
            .orThrow()
            .notification();
    assertThat(reports.backlog(T0))
        .as("one scheduled, one due, one leased at create")
        .isEqualTo(new Backlog(1, 1, 1, T0));

    var claimed = claimNow(10).getFirst();
    var retry =
        claimed.toBuilder()
            .status(NotificationStatus.PENDING)
            .attempts(1)
            .leaseUntil(null)
            .nextAttemptAt(later)
            .updatedAt(T0)
            .build();
    queue.apply(Transition.attempted(retry, anAttempt(claimed, 1)));
    assertThat(reports.backlog(T0))
        .as("a failed attempt schedules a retry")
        .isEqualTo(new Backlog(0, 2, 1, null));

    queue.apply(Transition.attempted(succeeded(leased, T0), anAttempt(leased, 1)));
    var stored = queue.find(failing.id()).orElseThrow();
    var failed = ended(stored, NotificationStatus.FAILED, T0);
    queue.apply(Transition.changed(stored, failed));
    assertThat(reports.backlog(T0))
        .as("a success and a final failure")
        .isEqualTo(new Backlog(0, 1, 0, null));

    var failedStored = queue.find(failing.id()).orElseThrow();
    queue.apply(
        Transition.changed(
            failedStored,
            failedStored.toBuilder()
                .status(NotificationStatus.PENDING)
                .completedAt(null)
                .nextAttemptAt(later)
                .updatedAt(T0)
                .build()));
    var waitingStored = queue.find(waiting.id()).orElseThrow();
    queue.apply(
        Transition.changed(waitingStored, ended(waitingStored, NotificationStatus.ABANDONED, T0)));
    assertThat(reports.backlog(T0))
        .as("an operator's retry and abandon")
        .isEqualTo(new Backlog(0, 1, 0, null));

    assertThat(queue.apply(Transition.attempted(succeeded(waiting, T0), anAttempt(waiting, 1))))
        .as("a stale result")
        .isFalse();
    assertThat(reports.backlog(T0))
        .as("unchanged by a stale result")
        .isEqualTo(new Backlog(0, 1, 0, null));
  }

  @Test
  void countsTheScheduledOnesExactlyWhileCreatesClaimsAndResultsRunTogether() throws Exception {
    var later = T0.plusSeconds(600);
    var start = new CountDownLatch(1);
    var tasks = new ArrayList<Callable<Integer>>();
    for (int worker = 0; worker < CONCURRENT_WORKERS; worker++) {
      tasks.add(
          () -> {
            start.await();
            int results = 0;
            for (int round = 0; round < 10; round++) {
              queue.createAll(
                  List.of(aNotification().build(), aNotification().nextAttemptAt(later).build()),
                  new LeaseOffer(clock, LEASE, round % 2));
              for (var claimed : claimNow(2)) {
                // Every other result schedules a retry; the rest succeed.
                var next =
                    results % 2 == 0
                        ? claimed.toBuilder()
                            .status(NotificationStatus.PENDING)
                            .attempts(1)
                            .leaseUntil(null)
                            .nextAttemptAt(later)
                            .updatedAt(T0)
                            .build()
                        : succeeded(claimed, T0);
                queue.apply(Transition.attempted(next, anAttempt(claimed, 1)));
                results++;
              }
            }
            return results;
          });
    }
    runTogether(tasks, start);

    var pendingLater =
        reports
            .search(
                new NotificationQuery(
                    null, null, NotificationStatus.PENDING, null, null, null, 0, 500))
            .items()
            .stream()
            .filter(n -> n.nextAttemptAt().isAfter(T0))
            .count();
    assertThat(reports.backlog(T0).scheduled()).isEqualTo(pendingLater);
  }

  @Test
  void reportsNoOldestDueTimeWhenNothingIsDue() {
    create(aNotification().nextAttemptAt(T0.plusSeconds(60)));

    var backlog = reports.backlog(T0);

    assertThat(backlog).isEqualTo(new Backlog(0, 1, 0, null));
  }

  // --- helpers

  /** Claims up to {@code limit} notifications due at the clock's now, leased for {@link #LEASE}. */
  protected List<Notification> claimNow(int limit) {
    return queue.claimDue(clock.instant(), limit, clock.instant().plus(LEASE));
  }

  /** Stores a notification and returns it as stored. */
  protected Notification create(Notification.Builder notification) {
    return stores.create(notification.build()).notification();
  }

  /** {@code notification} succeeded at {@code at}, computed from its current version. */
  protected static Notification succeeded(Notification notification, Instant at) {
    return ended(notification, NotificationStatus.SUCCEEDED, at);
  }

  protected static Notification ended(
      Notification notification, NotificationStatus status, Instant at) {
    return notification.toBuilder()
        .status(status)
        .attempts(notification.attempts() + 1)
        .nextAttemptAt(null)
        .leaseUntil(null)
        .updatedAt(at)
        .completedAt(at)
        .abandonReason(status == NotificationStatus.ABANDONED ? "merchant closed" : null)
        .build();
  }

  private Notification endedWithAnAttempt(NotificationStatus status, Instant completedAt) {
    var notification = create(aNotification());
    queue.apply(
        Transition.attempted(ended(notification, status, completedAt), anAttempt(notification, 1)));
    return notification;
  }

  protected static Attempt anAttempt(Notification notification, int number) {
    return anAttempt(notification, number, Duration.ofMillis(120));
  }

  protected static Attempt anAttempt(Notification notification, int number, Duration duration) {
    return new Attempt(
        notification.id(), number, T0.plusSeconds(number), duration, 200, "success", null, null);
  }

  protected static Attempt anAttemptAt(Notification notification, Instant startedAt) {
    return new Attempt(
        notification.id(), 1, startedAt, Duration.ofMillis(120), 200, "success", null, null);
  }

  private List<String> search(NotificationQuery query) {
    return reports.search(query).items().stream().map(Notification::id).toList();
  }

  /** Equal field by field, amounts compared by value (a store may keep more decimal places). */
  protected static void assertSameNotification(Notification actual, Notification expected) {
    assertThat(actual)
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(expected);
  }

  /**
   * Runs the tasks on their own threads, releases {@code start}, and returns their results in
   * order.
   */
  private static <T> List<T> runTogether(List<Callable<T>> tasks, CountDownLatch start)
      throws Exception {
    try (var executor = Executors.newFixedThreadPool(tasks.size())) {
      var futures = new ArrayList<Future<T>>();
      for (var task : tasks) {
        futures.add(executor.submit(task));
      }
      start.countDown();
      var results = new ArrayList<T>();
      for (var future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    }
  }
}
