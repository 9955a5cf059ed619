package com.paynotify.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(5));

  @Test
  void stopsAnAddressAfterTooManyFailuresUntilTheOldestLeavesTheWindow() {
    throttle.failed("10.0.0.1");
    clock.tick(Duration.ofMinutes(1));
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");

    var blocked = throttle.retryAfter("10.0.0.1");
    var otherAddress = throttle.retryAfter("10.0.0.2");
    clock.tick(Duration.ofMinutes(4));
    var afterTheOldestLeft = throttle.retryAfter("10.0.0.1");

    assertThat(blocked).isEqualTo(Duration.ofMinutes(4));
    assertThat(otherAddress).isZero();
    assertThat(afterTheOldestLeft).isZero();
  }

  @Test
  void letsAnAddressTryWhileUnderTheLimit() {
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");

    assertThat(throttle.retryAfter("10.0.0.1")).isZero();
  }
}
