package com.paynotify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HostGateTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
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
    assertThat(third).isInstanceOf(HostGate.Admission.Deferred.class);
    assertThat(otherHost).isInstanceOf(HostGate.Admission.Admitted.class);
    ((HostGate.Admission.Admitted) first).permit().release(true);
    assertThat(gate.admit("a:443", Duration.ZERO)).isInstanceOf(HostGate.Admission.Admitted.class);
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
    assertThat(gate.admit("a:443", Duration.ZERO)).isEqualTo(new HostGate.Admission.Deferred(now.get().plusSeconds(20)));
    now.set(now.get().plusSeconds(20));
    fail(gate);
    assertThat(gate.admit("a:443", Duration.ZERO)).isEqualTo(new HostGate.Admission.Deferred(now.get().plusSeconds(30)));
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
}
