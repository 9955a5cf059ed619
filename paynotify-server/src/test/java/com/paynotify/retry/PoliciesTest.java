package com.paynotify.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.UseCaseFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  private final UseCaseFixture core = new UseCaseFixture(Duration.ofSeconds(60));
  private final Policies policies = core.paynotify.retryPolicies();

  @AfterEach
  void tearDown() {
    core.close();
  }

  @Test
  void definesAPolicyThatIsStoredAndUsableAtOnce() {
    var defined =
        policies.define("fast", List.of(Duration.ofSeconds(15), Duration.ofMinutes(2)), null);

    assertThat(defined.created()).isTrue();
    assertThat(defined.policy().timeout()).isEqualTo(RetryPolicies.DEFAULT_TIMEOUT);
    assertThat(core.policyStore.find("fast")).contains(defined.policy());
    assertThat(core.policies.find("fast")).contains(defined.policy());
    assertThat(policies.all())
        .extracting(RetryPolicy::name)
        .containsExactly("alipay", "wechat", "standard", "fast");
  }

  @Test
  void replacingAPolicyIsNotACreation() {
    policies.define("fast", List.of(Duration.ofSeconds(15)), null);

    var replaced = policies.define("fast", List.of(Duration.ofSeconds(30)), Duration.ofSeconds(5));

    assertThat(replaced.created()).isFalse();
    assertThat(policies.get("fast").intervals()).containsExactly(Duration.ofSeconds(30));
    assertThat(core.policyStore.find("fast")).contains(replaced.policy());
  }

  @Test
  void refusesToRedefineABuiltInAndStoresNothing() {
    assertThatThrownBy(() -> policies.define("alipay", List.of(Duration.ofSeconds(1)), null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("name"))
        .hasMessageContaining("built-in");

    assertThat(core.policyStore.findAll()).isEmpty();
    assertThat(policies.get("alipay")).isEqualTo(RetryPolicies.alipay());
  }

  @Test
  void refusesATimeoutTheLeaseCannotCoverNamingTheLease() {
    assertThatThrownBy(
            () -> policies.define("slow", List.of(Duration.ofSeconds(15)), Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("timeout"))
        .hasMessageContaining("lease");

    assertThat(core.policyStore.findAll()).isEmpty();
  }

  @Test
  void refusesABadScheduleNamingTheField() {
    assertThatThrownBy(() -> policies.define("neg", List.of(Duration.ofSeconds(-1)), null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("intervals"));
    assertThatThrownBy(() -> policies.define("Bad Name", List.of(), null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("name"));
  }

  @Test
  void anUnknownPolicyIsNotFound() {
    assertThatThrownBy(() -> policies.get("nothing")).isInstanceOf(NotFoundException.class);
  }
}
