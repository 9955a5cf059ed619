package com.paynotify.store.jdbc;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.ConflictException;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Transition;
import com.paynotify.payment.Move;
import com.paynotify.payment.Payment;
import com.paynotify.payment.PaymentMoves;
import com.paynotify.payment.PaymentStore;
import com.paynotify.payment.StatusChange;
import com.paynotify.payment.StatusUpdate;
import com.paynotify.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
