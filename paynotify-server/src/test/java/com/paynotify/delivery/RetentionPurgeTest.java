package com.paynotify.delivery;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.RetentionPurge;
import com.paynotify.notification.Transition;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.MutableClock;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetentionPurgeTest {
  private final MutableClock clock = new MutableClock(T0);
  private TestDatabase database;
  private JdbcDeliveryQueue store;

  @BeforeEach
  void setUp() {
    database = TestDatabases.h2();
    JdbcSchema.migrate(database.dataSource());
    store = new JdbcDeliveryQueue(database.dataSource());
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private Notification stored(Notification notification) {
    return store
        .createAll(List.of(notification), LeaseOffer.NONE)
        .getFirst()
        .orThrow()
        .notification();
  }

  private Notification ended(NotificationStatus status, Instant completedAt) {
    var created = stored(aNotification().build());
    var next =
        created.toBuilder()
            .status(status)
            .nextAttemptAt(null)
            .completedAt(completedAt)
            .abandonReason(status == NotificationStatus.ABANDONED ? "merchant closed" : null)
            .build();
    assertThat(store.apply(Transition.changed(created, next))).isTrue();
    return next;
  }

  @Test
  void purgesSucceededAndAbandonedOnesPastTheRetentionInBatchesAndKeepsTheRest() {
    var oldOnes = new java.util.ArrayList<Notification>();
    for (int i = 0; i < 5; i++) {
      oldOnes.add(ended(NotificationStatus.SUCCEEDED, T0));
    }
    oldOnes.add(ended(NotificationStatus.ABANDONED, T0));
    var oldFailure = ended(NotificationStatus.FAILED, T0);
    var recent = ended(NotificationStatus.SUCCEEDED, T0.plus(Duration.ofDays(10)));
    var pending = stored(aNotification().build());
    clock.set(T0.plus(Duration.ofDays(30)).plusSeconds(1));

    int purged = new RetentionPurge(store, Duration.ofDays(30), 2, clock).run();

    assertThat(purged).isEqualTo(6);
    assertThat(oldOnes).allSatisfy(n -> assertThat(store.find(n.id())).isEmpty());
    assertThat(store.find(oldFailure.id())).as("FAILED waits for an operator").isPresent();
    assertThat(store.find(recent.id())).isPresent();
    assertThat(store.find(pending.id())).isPresent();
  }
}
