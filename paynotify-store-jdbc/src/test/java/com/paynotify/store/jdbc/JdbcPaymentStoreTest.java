package com.paynotify.store.jdbc;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.paynotify.ConflictException;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Transition;
import com.paynotify.payment.Move;
import com.paynotify.payment.MoveOutcome;
import com.paynotify.payment.NotificationIntake;
import com.paynotify.payment.Payment;
import com.paynotify.payment.PaymentMoves;
import com.paynotify.payment.PaymentStore;
import com.paynotify.payment.Payments;
import com.paynotify.payment.StatusChange;
import com.paynotify.payment.StatusUpdate;
import com.paynotify.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The payment store against one fresh database per subclass: {@link H2PaymentStoreTest}, {@link
 * PostgresPaymentStoreTest}, {@link MariaDbPaymentStoreTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcPaymentStoreTest {
  private static final Instant T1 = T0.plusSeconds(60);
  private TestDatabase database;
  private JdbcPaymentStore payments;
  private JdbcDeliveryQueue notifications;
  private JdbcNotificationReports reports;

  abstract TestDatabase openDatabase();

  @BeforeAll
  void createSchema() {
    database = openDatabase();
    JdbcSchema.migrate(database.dataSource());
    payments = new JdbcPaymentStore(database.dataSource());
    notifications = new JdbcDeliveryQueue(database.dataSource());
    reports = new JdbcNotificationReports(database.dataSource());
  }

  @AfterAll
  void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void empty() {
    Tables.deleteAll(
        database.dataSource(),
        "payment_change",
        "payment",
        "attempt",
        "notification",
        "stats_rollup");
  }

  @Test
  void recordsAPaymentWithItsFirstHistoryEntry() {
    var payment = aPayment();

    var written = payments.create(payment, recording(payment), null);

    assertThat(written).isInstanceOf(PaymentStore.Written.class);
    var stored = payments.find("m1", payment.paymentId()).orElseThrow();
    assertThat(stored).isEqualTo(payment);
    assertThat(stored.amount()).isEqualTo(new BigDecimal("100.00"));
    assertThat(stored.headers()).containsEntry("X-Shop", "a");
    assertThat(payments.history("m1", payment.paymentId()))
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.from()).isNull();
              assertThat(change.to()).isEqualTo(PaymentStatus.PROCESSING);
              assertThat(change.number()).isZero();
            });
    assertThat(payments.find("m2", payment.paymentId()))
        .as("payment ids are per merchant")
        .isEmpty();
  }

  @Test
  void aTakenIdIsAnsweredWithTheStoredPaymentAndWritesNothing() {
    var payment = aPayment();
    payments.create(payment, recording(payment), null);

    var again = payments.create(payment, recording(payment), aNotification().build());

    assertThat(again).isEqualTo(new PaymentStore.Taken(payment));
    assertThat(payments.history("m1", payment.paymentId())).hasSize(1);
    assertThat(reports.search(NotificationQuery.all(0, 10)).items()).isEmpty();
  }

  @Test
  void aNotifiedMoveStoresThePaymentItsHistoryAndItsNotificationTogether() {
    var payment = aPayment();
    payments.create(payment, recording(payment), null);
    var move =
        (Move.Advance)
            PaymentMoves.decide(payment, StatusUpdate.to("m1", PaymentStatus.SUCCESS), T1);
    var notification = notificationOf(payment);

    var written =
        (PaymentStore.Written) payments.move(payment, move.next(), move.change(), notification);

    assertThat(written.notification()).isInstanceOf(CreateOutcome.Created.class);
    assertThat(written.change().notificationId()).isEqualTo(notification.id());
    assertThat(payments.find("m1", payment.paymentId()).orElseThrow().status())
        .isEqualTo(PaymentStatus.SUCCESS);
    assertThat(payments.history("m1", payment.paymentId()))
        .extracting(StatusChange::to)
        .containsExactly(PaymentStatus.PROCESSING, PaymentStatus.SUCCESS);
    assertThat(payments.notifications("m1", payment.paymentId()))
        .extracting(Notification::id)
        .containsExactly(notification.id());
    assertThat(notifications.find(notification.id()).orElseThrow().status())
        .isEqualTo(NotificationStatus.PENDING);
  }

  @Test
  void searchesNotificationsByPayment() {
    var first = aPayment();
    var other = aPayment();
    payments.create(first, recording(first), null);
    payments.create(other, recording(other), null);
    var ofFirst = moveToSuccess(first);
    moveToSuccess(other);

    var found = reports.search(NotificationQuery.all(0, 10).ofPayment(first.paymentId()));

    assertThat(found.items()).extracting(Notification::id).containsExactly(ofFirst.id());
    assertThat(found.total()).isEqualTo(1);
    assertThat(reports.search(NotificationQuery.all(0, 10).ofPayment("nobody")).items()).isEmpty();
  }

  @Test
  void aMoveFromAVersionNoLongerStoredIsStaleAndWritesNothing() {
    var payment = aPayment();
    payments.create(payment, recording(payment), null);
    moveToSuccess(payment);
    var late =
        (Move.Advance)
            PaymentMoves.decide(payment, StatusUpdate.to("m1", PaymentStatus.FAILED), T1);

    var written = payments.move(payment, late.next(), late.change(), notificationOf(payment));

    assertThat(written).isInstanceOf(PaymentStore.Stale.class);
    assertThat(payments.find("m1", payment.paymentId()).orElseThrow().status())
        .isEqualTo(PaymentStatus.SUCCESS);
    assertThat(payments.history("m1", payment.paymentId())).hasSize(2);
    assertThat(reports.search(NotificationQuery.all(0, 10)).items()).hasSize(1);
  }

  @Test
  void aNotificationWhoseKeyIsTakenByAnotherRequestRollsTheMoveBack() {
    var payment = aPayment();
    payments.create(payment, recording(payment), null);
    var notification = notificationOf(payment);
    notifications.createAll(
        List.of(
            notification.toBuilder()
                .id("ntf_other" + UUID.randomUUID().toString().substring(0, 8))
                .fingerprint("something else")
                .build()),
        LeaseOffer.NONE);
    var move =
        (Move.Advance)
            PaymentMoves.decide(payment, StatusUpdate.to("m1", PaymentStatus.SUCCESS), T1);

    assertThatThrownBy(() -> payments.move(payment, move.next(), move.change(), notification))
        .isInstanceOf(ConflictException.class);

    assertThat(payments.find("m1", payment.paymentId()).orElseThrow().status())
        .isEqualTo(PaymentStatus.PROCESSING);
    assertThat(payments.history("m1", payment.paymentId())).hasSize(1);
  }

  @Test
  void aPaymentIsPurgedOnlyOnceNoNotificationOfItsIsLeft() {
    var payment = aPayment();
    payments.create(payment, recording(payment), null);
    var notification = moveToSuccess(payment);
    var later = T1.plus(Duration.ofDays(31));

    assertThat(payments.purgeEnded(later, 10)).as("its notification is still waiting").isZero();

    var succeeded =
        notification.toBuilder()
            .status(NotificationStatus.SUCCEEDED)
            .nextAttemptAt(null)
            .completedAt(T1)
            .updatedAt(T1)
            .build();
    assertThat(
            notifications.apply(
                Transition.changed(notifications.find(notification.id()).orElseThrow(), succeeded)))
        .isTrue();
    assertThat(payments.purgeEnded(later, 10)).as("its notification is not purged yet").isZero();
    assertThat(notifications.purgeEnded(later, 10)).isEqualTo(1);

    assertThat(payments.purgeEnded(T0, 10)).as("moved after the cutoff").isZero();
    assertThat(payments.purgeEnded(later, 10)).isEqualTo(1);
    assertThat(payments.find("m1", payment.paymentId())).isEmpty();
    assertThat(payments.history("m1", payment.paymentId())).isEmpty();
  }

  @Test
  void givenAMoveUnderAKeyWhenStoredThenItsHistoryEntryKeepsTheKeyAndTheUpdatesDigest() {
    var payment = aPayment();
    payments.create(payment, recording(payment), null);
    var update = StatusUpdate.to("m1", PaymentStatus.SUCCESS).withIdempotencyKey("move-1");
    var move = (Move.Advance) PaymentMoves.decide(payment, update, T1);

    payments.move(payment, move.next(), move.change(), notificationOf(payment));

    assertThat(payments.history("m1", payment.paymentId()))
        .extracting(StatusChange::idempotencyKey, StatusChange::fingerprint)
        .containsExactly(tuple(null, null), tuple("move-1", PaymentMoves.fingerprint(update)));
  }

  @Test
  void
      givenAKeyHeldByAnEntryOfThePaymentWhenAnotherMoveIsStoredUnderItThenItIsStaleAndWritesNothing() {
    var payment = aPayment();
    payments.create(payment, recording(payment), null);
    var success = (Move.Advance) PaymentMoves.decide(payment, keyed(PaymentStatus.SUCCESS), T1);
    payments.move(payment, success.next(), success.change(), notificationOf(payment));
    var paid = payments.find("m1", payment.paymentId()).orElseThrow();
    var refunding = (Move.Advance) PaymentMoves.decide(paid, keyed(PaymentStatus.REFUNDING), T1);

    var written = payments.move(paid, refunding.next(), refunding.change(), null);

    assertThat(written).isInstanceOf(PaymentStore.Stale.class);
    assertThat(payments.find("m1", payment.paymentId()).orElseThrow()).isEqualTo(paid);
    assertThat(payments.history("m1", payment.paymentId())).hasSize(2);
  }

  @Test
  void givenTheSameKeyOnAnotherPaymentAndMovesWithoutKeysWhenStoredThenEachIsWritten() {
    var first = aPayment();
    var other = aPayment();
    payments.create(first, recording(first), null);
    payments.create(other, recording(other), null);
    var one = (Move.Advance) PaymentMoves.decide(first, keyed(PaymentStatus.SUCCESS), T1);
    var two = (Move.Advance) PaymentMoves.decide(other, keyed(PaymentStatus.SUCCESS), T1);

    assertThat(payments.move(first, one.next(), one.change(), notificationOf(first)))
        .isInstanceOf(PaymentStore.Written.class);
    assertThat(payments.move(other, two.next(), two.change(), notificationOf(other)))
        .as("a key is unique per payment")
        .isInstanceOf(PaymentStore.Written.class);
    var paid = payments.find("m1", first.paymentId()).orElseThrow();
    var refunding =
        (Move.Advance)
            PaymentMoves.decide(paid, StatusUpdate.to("m1", PaymentStatus.REFUNDING), T1);
    var refunded =
        (Move.Advance)
            PaymentMoves.decide(
                refunding.next(),
                StatusUpdate.to("m1", PaymentStatus.REFUNDED).refunding(new BigDecimal("10")),
                T1);
    assertThat(payments.move(paid, refunding.next(), refunding.change(), null))
        .isInstanceOf(PaymentStore.Written.class);
    assertThat(
            payments.move(
                refunding.next(), refunded.next(), refunded.change(), refundOf(first, "10")))
        .as("entries without a key are many")
        .isInstanceOf(PaymentStore.Written.class);
  }

  @Test
  void
      givenNodesTakingTheSamePartialRefundUnderOneKeyAtOnceThenItIsWrittenOnceAndTheOthersRepeatIt()
          throws Exception {
    var payment = aPayment();
    payments.create(payment, recording(payment), null);
    var facade = new Payments(payments, new Intake(), InstantSource.fixed(T1));
    facade.move(payment.paymentId(), StatusUpdate.to("m1", PaymentStatus.SUCCESS));
    facade.move(payment.paymentId(), StatusUpdate.to("m1", PaymentStatus.REFUNDING));
    var refund =
        StatusUpdate.to("m1", PaymentStatus.REFUNDED)
            .refunding(new BigDecimal("30.00"))
            .withIdempotencyKey("refund-1");
    int nodes = 4;
    var start = new CountDownLatch(1);
    var pool = Executors.newFixedThreadPool(nodes);
    try {
      var answers = new ArrayList<Future<MoveOutcome>>();
      for (int i = 0; i < nodes; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return facade.move(payment.paymentId(), refund);
                }));
      }
      start.countDown();
      var outcomes = new ArrayList<MoveOutcome>();
      for (var answer : answers) {
        outcomes.add(answer.get(30, TimeUnit.SECONDS));
      }

      assertThat(outcomes).filteredOn(MoveOutcome.Moved.class::isInstance).hasSize(1);
      assertThat(outcomes).filteredOn(MoveOutcome.Unchanged.class::isInstance).hasSize(nodes - 1);
    } finally {
      pool.shutdownNow();
    }
    var stored = payments.find("m1", payment.paymentId()).orElseThrow();
    assertThat(stored.refunded()).isEqualByComparingTo("30");
    assertThat(payments.history("m1", payment.paymentId()))
        .extracting(StatusChange::to)
        .containsExactly(
            PaymentStatus.PROCESSING,
            PaymentStatus.SUCCESS,
            PaymentStatus.REFUNDING,
            PaymentStatus.REFUNDED);
  }

  private static StatusUpdate keyed(PaymentStatus status) {
    return StatusUpdate.to("m1", status).withIdempotencyKey("the-key");
  }

  private static Notification refundOf(Payment payment, String amount) {
    return aNotification()
        .orderNo(payment.orderNo())
        .paymentStatus(PaymentStatus.REFUNDED)
        .refundAmount(new BigDecimal(amount))
        .idempotencyKey(payment.paymentId() + "|REFUNDED|" + UUID.randomUUID())
        .createdAt(T1)
        .updatedAt(T1)
        .nextAttemptAt(T1)
        .build();
  }

  /** The engine's create path reduced to building the notification a move asks for. */
  private static final class Intake implements NotificationIntake {
    @Override
    public Notification prepare(NotificationRequest request) {
      return aNotification()
          .orderNo(request.orderNo())
          .paymentStatus(request.paymentStatus())
          .refundAmount(request.refundAmount())
          .idempotencyKey(request.orderNo() + "|" + UUID.randomUUID())
          .createdAt(T1)
          .updatedAt(T1)
          .nextAttemptAt(T1)
          .build();
    }

    @Override
    public void stored(Notification created) {}
  }

  private Notification moveToSuccess(Payment payment) {
    var current = payments.find(payment.merchantId(), payment.paymentId()).orElseThrow();
    var move =
        (Move.Advance)
            PaymentMoves.decide(current, StatusUpdate.to("m1", PaymentStatus.SUCCESS), T1);
    var notification = notificationOf(payment);
    payments.move(current, move.next(), move.change(), notification);
    return notification;
  }

  private static Notification notificationOf(Payment payment) {
    return aNotification()
        .orderNo(payment.orderNo())
        .idempotencyKey(payment.paymentId() + "|SUCCESS")
        .createdAt(T1)
        .updatedAt(T1)
        .nextAttemptAt(T1)
        .build();
  }

  private static StatusChange recording(Payment payment) {
    return new StatusChange(
        payment.merchantId(),
        payment.paymentId(),
        0,
        null,
        payment.status(),
        null,
        null,
        null,
        null,
        T0);
  }

  private static Payment aPayment() {
    var id = "pay-" + UUID.randomUUID().toString().substring(0, 8);
    return new Payment(
        id,
        "m1",
        "ORDER-" + id,
        null,
        Channel.WEBHOOK,
        new BigDecimal("100.00"),
        "CNY",
        "https://merchant.example/notify",
        PaymentStatus.PROCESSING,
        new BigDecimal("0.00"),
        null,
        null,
        null,
        Map.of("shop", "one"),
        Map.of("X-Shop", "a"),
        null,
        T0,
        T0,
        0);
  }
}
