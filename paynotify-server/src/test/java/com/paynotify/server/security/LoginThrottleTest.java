package com.paynotify.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.server.security.LoginThrottle.Check;
import com.paynotify.server.security.LoginThrottle.FailureAudit;
import com.paynotify.server.security.LoginThrottle.Settings;
import com.paynotify.server.security.LoginThrottle.Verdict;
import com.paynotify.server.security.LoginThrottle.Wait;
import com.paynotify.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final LoginThrottle throttle = new LoginThrottle(clock, settings(3, 100_000, 1000));

  @Test
  void stopsAnAddressAfterTooManyFailuresUntilTheOldestLeavesTheWindow() {
    fail("a", "10.0.0.1");
    clock.tick(Duration.ofMinutes(1));
    fail("b", "10.0.0.1");
    fail("c", "10.0.0.1");

    var blocked = waitOf(null, "10.0.0.1");
    var otherAddress = waitOf(null, "10.0.0.2");
    clock.tick(Duration.ofMinutes(4));
    var afterTheOldestLeft = waitOf(null, "10.0.0.1");

    assertThat(blocked).isEqualTo(Duration.ofMinutes(4));
    assertThat(otherAddress).isZero();
    assertThat(afterTheOldestLeft).isZero();
  }

  @Test
  void letsAnAddressTryWhileUnderTheLimit() {
    fail("a", "10.0.0.1");
    fail("a", "10.0.0.1");

    assertThat(waitOf("a", "10.0.0.1")).isZero();
  }

  @Test
  void anIpv6Slash64CountsAsOneAddress() {
    fail("a", "2001:db8:1:2::1");
    fail("b", "2001:db8:1:2:ffff:ffff:ffff:fffe");
    fail("c", "2001:db8:1:2:0:0:0:3%eth0");

    var sameSlash64 = waitOf("d", "2001:db8:1:2:abcd::9");
    var nextSlash64 = waitOf("d", "2001:db8:1:3::1");

    assertThat(sameSlash64).isPositive();
    assertThat(nextSlash64).isZero();
  }

  @Test
  void anIpv4MappedAddressCountsAsItsIpv4Address() {
    fail("a", "::ffff:192.0.2.7");
    fail("b", "0:0:0:0:0:ffff:c000:207");
    fail("c", "192.0.2.7");

    assertThat(waitOf("d", "192.0.2.7")).isPositive();
    assertThat(waitOf("d", "::ffff:192.0.2.8")).isZero();
    assertThat(ClientAddress.key("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(ClientAddress.key("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
  }

  @Test
  void throttlesAnAccountGuessedFromManyAddresses() {
    fail("alice", "198.51.100.1");
    fail("alice", "198.51.100.2");
    fail("alice", "198.51.100.3");

    var sameAccount = throttle.begin("alice", "198.51.100.4");
    var otherAccount = waitOf("bob", "198.51.100.4");

    assertThat(sameAccount)
        .isInstanceOfSatisfying(
            Wait.class,
            wait -> {
              assertThat(wait.retryAfter()).isEqualTo(LoginThrottle.DEFAULT_ACCOUNT_LOCK);
              assertThat(wait.reason()).isEqualTo("this account");
            });
    assertThat(otherAccount).isZero();
  }

  @Test
  void locksAnAccountBrieflyLongerEachTimeTheGuessingGoesOnAndForgetsOnceItStops() {
    for (int i = 0; i < 3; i++) {
      fail("alice", "198.51.100." + i);
    }
    var locks = new ArrayList<Duration>();
    locks.add(waitOf("alice", "203.0.113.1"));
    for (int i = 0; i < 6; i++) {
      clock.tick(locks.getLast());
      fail("alice", "203.0.113." + (10 + i)); // one guess each time the lock ends
      locks.add(waitOf("alice", "203.0.113.99"));
    }
    clock.tick(locks.getLast().plus(LoginThrottle.DEFAULT_WINDOW).plusSeconds(1));
    var afterAQuietWindow = waitOf("alice", "203.0.113.99");
    fail("alice", "203.0.113.50");
    var oneFailureAfterTheBackOffEnded = waitOf("alice", "203.0.113.99");

    assertThat(locks)
        .containsExactly(
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(4),
            Duration.ofMinutes(8),
            Duration.ofMinutes(15),
            Duration.ofMinutes(15),
            Duration.ofMinutes(15));
    assertThat(afterAQuietWindow).isZero();
    assertThat(oneFailureAfterTheBackOffEnded).isZero();
  }

  @Test
  void anAddressThatLoggedInToTheAccountBeforeIsNotHeldByItsLock() {
    succeed("alice", "192.0.2.50");
    clock.tick(Duration.ofDays(1));
    for (int i = 0; i < 3; i++) {
      fail("alice", "198.51.100." + i);
    }

    var fromHome = throttle.begin("alice", "192.0.2.50");
    ((Check) fromHome).succeeded();
    var fromElsewhere = waitOf("alice", "192.0.2.51");

    assertThat(fromHome).isInstanceOf(Check.class);
    assertThat(fromElsewhere).as("the login from home leaves the lock on").isPositive();
  }

  @Test
  void aSuccessEndsTheAccountsCountButNotTheAddresses() {
    fail("alice", "192.0.2.1");
    fail("alice", "192.0.2.1");
    succeed("alice", "192.0.2.1");
    fail("alice", "192.0.2.2");
    fail("alice", "192.0.2.2");

    var accountAfterSuccess = waitOf("alice", "192.0.2.3");
    fail("bob", "192.0.2.1");
    var addressAfterSuccess = waitOf("carol", "192.0.2.1");

    assertThat(accountAfterSuccess).isZero();
    assertThat(addressAfterSuccess).isPositive();
  }

  @Test
  void checksInProgressCountSoParallelGuessesCannotOverrunTheLimit() {
    var verdicts = new ArrayList<Verdict>();
    for (int i = 0; i < 200; i++) {
      verdicts.add(throttle.begin("alice", "192.0.2.1"));
    }

    var checks = verdicts.stream().filter(Check.class::isInstance).map(Check.class::cast).toList();
    checks.forEach(Check::failed);

    assertThat(checks).hasSize(3);
    assertThat(waitOf("alice", "192.0.2.1")).isPositive();
  }

  @Test
  void aCheckThatBreaksOffNoLongerCounts() {
    for (int i = 0; i < 3; i++) {
      ((Check) throttle.begin("alice", "192.0.2.1")).close();
    }

    assertThat(throttle.begin("alice", "192.0.2.1")).isInstanceOf(Check.class);
  }

  @Test
  void floodingFromManyAddressesDoesNotResetOthersCounters() {
    for (int i = 0; i < 3; i++) {
      fail("alice", "192.0.2.1");
    }

    for (int i = 0; i <= LoginThrottle.DEFAULT_MAX_TRACKED; i++) {
      fail("user" + i, "10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff));
    }

    assertThat(waitOf("mallory", "192.0.2.1")).isPositive();
    assertThat(waitOf("alice", "192.0.2.2")).isPositive();
  }

  @Test
  void keepsAtMostMaxTrackedKeysDroppingTheLeastRecentlyFailedFirst() {
    var small = new LoginThrottle(clock, settings(2, 3, 1000));
    for (var address : List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4")) {
      ((Check) small.begin(null, address)).failed();
    }

    assertThat(small.begin(null, "192.0.2.1"))
        .as("the oldest was dropped")
        .isInstanceOf(Check.class);
    ((Check) small.begin(null, "192.0.2.4")).failed();
    assertThat(small.begin(null, "192.0.2.4")).as("a recent one is kept").isInstanceOf(Wait.class);
  }

  @Test
  void auditsOneFailurePerAccountAndAddressInAWindowUpToACap() {
    var capped = new LoginThrottle(clock, settings(10, 100_000, 3));

    var first = ((Check) capped.begin("alice", "192.0.2.1")).failed();
    var again = ((Check) capped.begin("alice", "192.0.2.1")).failed();
    var otherAddress = ((Check) capped.begin("alice", "192.0.2.2")).failed();
    var reachesTheCap = ((Check) capped.begin("bob", "192.0.2.1")).failed();
    var pastTheCap = ((Check) capped.begin("carol", "192.0.2.1")).failed();
    clock.tick(LoginThrottle.DEFAULT_WINDOW);
    var nextWindow = ((Check) capped.begin("alice", "192.0.2.1")).failed();

    assertThat(List.of(first, again, otherAddress, reachesTheCap, pastTheCap, nextWindow))
        .containsExactly(
            FailureAudit.RECORD,
            FailureAudit.SKIP,
            FailureAudit.RECORD,
            FailureAudit.RECORD_LAST,
            FailureAudit.SKIP,
            FailureAudit.RECORD);
  }

  private static Settings settings(int maxFailures, int maxTracked, int maxAudited) {
    return new Settings(
        maxFailures,
        LoginThrottle.DEFAULT_WINDOW,
        LoginThrottle.DEFAULT_ACCOUNT_LOCK,
        LoginThrottle.DEFAULT_MAX_ACCOUNT_LOCK,
        maxTracked,
        maxAudited);
  }

  private void fail(@Nullable String account, String address) {
    ((Check) throttle.begin(account, address)).failed();
  }

  private void succeed(String account, String address) {
    ((Check) throttle.begin(account, address)).succeeded();
  }

  /** How long a login must wait now; zero when it may check (the check is then broken off). */
  private Duration waitOf(@Nullable String account, String address) {
    return switch (throttle.begin(account, address)) {
      case Wait wait -> wait.retryAfter();
      case Check check -> {
        check.close();
        yield Duration.ZERO;
      }
    };
  }
}
