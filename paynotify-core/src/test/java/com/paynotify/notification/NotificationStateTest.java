package com.paynotify.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A notification holds only the fields its status needs, and a transition says what kind of change
 * it is.
 */
class NotificationStateTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aPendingNotificationNeedsItsNextAttemptAndHasNoLeaseOrCompletion() {
    assertThatThrownBy(() -> pending().nextAttemptAt(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nextAttemptAt: required when PENDING (notification n1)");
    assertThatThrownBy(() -> pending().leaseUntil(T0).build())
        .hasMessageStartingWith("leaseUntil: must be null when PENDING (notification n1)");
    assertThatThrownBy(() -> pending().completedAt(T0).build())
        .hasMessageStartingWith("completedAt: must be null when PENDING");
  }

  @Test
  void aDeliveringNotificationNeedsItsLease() {
    assertThatThrownBy(() -> pending().status(NotificationStatus.DELIVERING).build())
        .hasMessage("leaseUntil: required when DELIVERING (notification n1)");
    assertThat(
            pending()
                .status(NotificationStatus.DELIVERING)
                .leaseUntil(T0.plusSeconds(60))
                .build()
                .leaseUntil())
        .isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void anEndedNotificationNeedsItsCompletionAndNoNextAttemptOrLease() {
    assertThatThrownBy(
            () -> pending().status(NotificationStatus.SUCCEEDED).nextAttemptAt(null).build())
        .hasMessage("completedAt: required when SUCCEEDED (notification n1)");
    assertThatThrownBy(() -> pending().status(NotificationStatus.FAILED).completedAt(T0).build())
        .hasMessageStartingWith("nextAttemptAt: must be null when FAILED");
    assertThat(ended(NotificationStatus.FAILED).abandonReason(null).build().completedAt())
        .isEqualTo(T0);
  }

  @Test
  void onlyAnAbandonedNotificationHasAndNeedsAReason() {
    assertThatThrownBy(() -> ended(NotificationStatus.ABANDONED).build())
        .hasMessage("abandonReason: required when ABANDONED (notification n1)");
    assertThatThrownBy(() -> ended(NotificationStatus.SUCCEEDED).abandonReason("closed").build())
        .hasMessageStartingWith("abandonReason: must be null when SUCCEEDED");
    assertThat(ended(NotificationStatus.ABANDONED).abandonReason("closed").build().abandonReason())
        .isEqualTo("closed");
  }

  @Test
  void aNegativeAttemptCountIsRefused() {
    assertThatThrownBy(() -> pending().attempts(-1).build())
        .hasMessage("attempts: -1 is negative (notification n1)");
  }

  @Test
  void aDeferredTransitionPutsANotificationBackPending() {
    var claimed =
        pending().status(NotificationStatus.DELIVERING).leaseUntil(T0.plusSeconds(60)).build();

    assertThat(Transition.deferred(pending().build())).isInstanceOf(Transition.Deferred.class);
    assertThatThrownBy(() -> Transition.deferred(claimed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("next: a deferred notification is PENDING, not DELIVERING (n1)");
  }

  @Test
  void anAttemptedTransitionCarriesAnAttemptOfThatNotification() {
    var next = pending().attempts(1).build();
    var own =
        new Attempt("n1", 1, T0, Duration.ofMillis(5), 500, null, ErrorKind.HTTP_STATUS, "500");
    var another =
        new Attempt("n2", 1, T0, Duration.ofMillis(5), 500, null, ErrorKind.HTTP_STATUS, "500");

    assertThat(Transition.attempted(next, own)).isEqualTo(new Transition.Attempted(next, own));
    assertThatThrownBy(() -> Transition.attempted(next, another))
        .hasMessage("attempt: of notification n2, not of n1");
  }

  @Test
  void aChangedTransitionIsComputedFromTheSameVersionOfTheSameNotification() {
    var stored = ended(NotificationStatus.FAILED).version(3).build();
    var retried = pending().version(3).build();

    assertThat(Transition.changed(stored, retried)).isInstanceOf(Transition.Changed.class);
    assertThatThrownBy(() -> Transition.changed(stored, pending().version(4).build()))
        .hasMessageStartingWith(
            "previous: version 3 is not the one the next state of n1 was computed from (4)");
    assertThatThrownBy(() -> Transition.changed(stored, pending().id("n2").version(3).build()))
        .hasMessage("previous: notification n1 is not the next state's n2");
  }

  private static Notification.Builder ended(NotificationStatus status) {
    return pending().status(status).nextAttemptAt(null).completedAt(T0);
  }

  private static Notification.Builder pending() {
    return Notification.builder()
        .id("n1")
        .merchantId("m1")
        .channel(Channel.WEBHOOK)
        .orderNo("O-1")
        .paymentStatus(PaymentStatus.SUCCESS)
        .amount(new BigDecimal("1.00"))
        .currency("CNY")
        .notifyUrl("https://merchant.example/notify")
        .extra(Map.of())
        .retryPolicy("standard")
        .idempotencyKey("O-1|SUCCESS")
        .fingerprint("f")
        .status(NotificationStatus.PENDING)
        .maxAttempts(6)
        .nextAttemptAt(T0)
        .createdAt(T0)
        .updatedAt(T0);
  }
}
