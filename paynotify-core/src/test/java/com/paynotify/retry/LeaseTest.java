package com.paynotify.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.paynotify.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseTest {
  private final Lease minute = new Lease(Duration.ofSeconds(60));

  @Test
  void refusesAPolicyTheLeaseCannotCover() {
    var slow = policy(Duration.ofMinutes(2));
    var justOver = policy(Duration.ofSeconds(28));
    var longest = policy(Duration.ofSeconds(27));

    var refused = catchThrowable(() -> minute.check(slow));
    var alsoRefused = catchThrowable(() -> minute.check(justOver));
    var accepted = minute.check(longest);

    assertThat(refused)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("timeout"))
        .hasMessage("timeout: 2m is too long for the 1m lease: at most 27s");
    assertThat(alsoRefused).isInstanceOf(InvalidRequestException.class);
    assertThat(accepted).isSameAs(longest);
  }

  @Test
  void saysWhatLeaseATimeoutNeedsWhenTheLeaseCoversNone() {
    var tiny = new Lease(Duration.ofSeconds(2));

    var refused = catchThrowable(() -> tiny.check(policy(Duration.ofSeconds(3))));

    assertThat(refused)
        .hasMessage(
            "timeout: 3s is too long for the 2s lease, which covers no attempt: "
                + "a lease of at least 7s covers a 1s timeout");
  }

  @Test
  void lengthensTheClaimToCoverASlowerPolicyStoredBeforeTheRule() {
    var legacy = policy(Duration.ofMinutes(2));

    var forLegacy = minute.lengthFor(legacy);
    var forBuiltIns = minute.lengthFor(RetryPolicies.alipay());

    assertThat(forLegacy).isEqualTo(Duration.ofSeconds(2 * 120 + 5));
    assertThat(forBuiltIns).isEqualTo(Duration.ofSeconds(60));
  }

  private static RetryPolicy policy(Duration timeout) {
    return new RetryPolicy("slow", List.of(Duration.ofMinutes(1)), timeout);
  }
}
