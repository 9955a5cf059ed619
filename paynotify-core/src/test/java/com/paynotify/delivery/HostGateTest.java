package com.paynotify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HostGateTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final InstantSource clock = now::get;

  @Test
  void admitsUpToTheLimitPerHostAndNoMore() {
    var gate = new HostGate(2, 5, Duration.ofSeconds(10), Duration.ofMinutes(5), clock);

    var first = gate.admit("a:443", Duration.ZERO);
    var second = gate.admit("a:443", Duration.ZERO);
    var third = gate.admit("a:443", Duration.ZERO);
    var otherHost = gate.admit("b:443", Duration.ZERO);

    assertThat(first).isInstanceOf(HostGate.Admission.Admitted.class);
    assertThat(second).isInstanceOf(HostGate.Admission.Admitted.class);
    assertThat(third)
        .isEqualTo(new HostGate.Admission.Deferred(now.get().plus(HostGate.BUSY_RETRY)));
    assertThat(otherHost).isInstanceOf(HostGate.Admission.Admitted.class);
    ((HostGate.Admission.Admitted) first).permit().release(true);
    assertThat(gate.admit("a:443", Duration.ZERO)).isInstanceOf(HostGate.Admission.Admitted.class);
  }

  @Test
  void letsRequestsWaitAtAFastHostButTurnsThemAwayFromASlowOne() {
    var gate = new HostGate(1, 5, Duration.ofSeconds(10), Duration.ofMinutes(5), clock);
    var slow = (HostGate.Admission.Admitted) gate.admit("a:443", Duration.ZERO);
    now.set(now.get().plusSeconds(10));
    slow.permit().release(true);
    var holder = (HostGate.Admission.Admitted) gate.admit("a:443", Duration.ZERO);

    var turnedAway = gate.admit("a:443", Duration.ofSeconds(1));

    assertThat(turnedAway)
        .as("a host that takes ~2s per request cannot serve a waiter within 1s")
        .isInstanceOfSatisfying(
            HostGate.Admission.Deferred.class, d -> assertThat(d.until()).isAfter(now.get()));
    holder.permit().release(true);
    var fast = new HostGate(1, 5, Duration.ofSeconds(10), Duration.ofMinutes(5), clock);
    var busy = (HostGate.Admission.Admitted) fast.admit("b:443", Duration.ZERO);
    Thread.ofVirtual().start(() -> busy.permit().release(true));
    assertThat(fast.admit("b:443", Duration.ofSeconds(5)))
        .isInstanceOf(HostGate.Admission.Admitted.class);
  }

  @Test
  void backsOffAHostAfterConsecutiveFailuresDoublingUpToTheCap() {
    var gate = new HostGate(8, 2, Duration.ofSeconds(10), Duration.ofSeconds(30), clock);

    fail(gate);
    assertThat(gate.backedOff("a:443")).isFalse();
    fail(gate);
    assertThat(gate.admit("a:443", Duration.ZERO))
        .isEqualTo(new HostGate.Admission.Deferred(now.get().plusSeconds(10)));
    now.set(now.get().plusSeconds(10));
    fail(gate);
    assertThat(gate.admit("a:443", Duration.ZERO))
        .isEqualTo(new HostGate.Admission.Deferred(now.get().plusSeconds(20)));
    now.set(now.get().plusSeconds(20));
    fail(gate);
    assertThat(gate.admit("a:443", Duration.ZERO))
        .isEqualTo(new HostGate.Admission.Deferred(now.get().plusSeconds(30)));
  }

  @Test
  void forgetsFailuresAfterASuccess() {
    var gate = new HostGate(8, 2, Duration.ofSeconds(10), Duration.ofSeconds(30), clock);
    fail(gate);
    fail(gate);
    now.set(now.get().plusSeconds(10));

    ((HostGate.Admission.Admitted) gate.admit("a:443", Duration.ZERO)).permit().release(true);
    fail(gate);

    assertThat(gate.backedOff("a:443")).isFalse();
  }

  private static void fail(HostGate gate) {
    ((HostGate.Admission.Admitted) gate.admit("a:443", Duration.ZERO)).permit().release(false);
  }

  @Test
  void forgetsAHostLeftIdleSoOnlyHostsInRecentUseAreKept() {
    var gate = new HostGate(8, 2, Duration.ofSeconds(10), Duration.ofSeconds(30), clock);
    for (int i = 0; i < 100; i++) {
      admitted(gate, "shop-" + i + ":443").permit().release(true);
    }
    now.set(now.get().plus(HostGate.IDLE_EXPIRY).minusSeconds(1));
    admitted(gate, "shop-0:443").permit().release(true);
    var beforeExpiry = gate.knownHosts();

    now.set(now.get().plus(HostGate.SWEEP_INTERVAL));
    admitted(gate, "other:443").permit().release(true);

    assertThat(beforeExpiry).isEqualTo(100);
    assertThat(gate.knownHosts()).as("shop-0 was used since; the other 99 expired").isEqualTo(2);
  }

  @Test
  void keepsAHostWithARequestInProgressOrABackOffInForce() {
    var gate = new HostGate(8, 2, Duration.ofMinutes(30), Duration.ofHours(1), clock);
    var inProgress = admitted(gate, "slow:443");
    fail(gate);
    fail(gate);

    now.set(now.get().plus(HostGate.IDLE_EXPIRY).plus(HostGate.SWEEP_INTERVAL));
    admitted(gate, "other:443").permit().release(true);

    assertThat(gate.knownHosts()).isEqualTo(3);
    assertThat(gate.backedOff("a:443")).as("its back-off outlives the idle time").isTrue();
    inProgress.permit().release(true);
  }

  @Test
  void anAbandonedRequestFreesItsSlotAndCountsNothing() {
    var gate = new HostGate(1, 1, Duration.ofSeconds(10), Duration.ofSeconds(30), clock);

    admitted(gate, "a:443").permit().abandon();
    var next = gate.admit("a:443", Duration.ZERO);

    assertThat(next).isInstanceOf(HostGate.Admission.Admitted.class);
    assertThat(gate.backedOff("a:443")).isFalse();
  }

  private static HostGate.Admission.Admitted admitted(HostGate gate, String host) {
    return (HostGate.Admission.Admitted) gate.admit(host, Duration.ZERO);
  }
}
