package com.paynotify.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.retry.DurationText;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicy;
import com.paynotify.retry.RetryPolicyStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RetryPolicyStore} must have. Subclass it once per store and database.
 */
public abstract class RetryPolicyStoreContract {

  /** The store under test, empty at the start of each test. */
  protected RetryPolicyStore policies;

  /** A store holding no policies, called before each test. */
  protected abstract RetryPolicyStore emptyRetryPolicyStore();

  @BeforeEach
  void startWithAnEmptyRetryPolicyStore() {
    policies = emptyRetryPolicyStore();
  }

  @Test
  void savesAndListsPoliciesByName() {
    policies.save(RetryPolicies.wechat());
    policies.save(RetryPolicies.alipay());

    var all = policies.findAll();

    assertThat(all).containsExactly(RetryPolicies.alipay(), RetryPolicies.wechat());
  }

  @Test
  void replacesAPolicyOfTheSameName() {
    policies.save(
        new RetryPolicy("fast", DurationText.parseAll("1s", "2s"), Duration.ofSeconds(5)));
    var replacement = new RetryPolicy("fast", DurationText.parseAll("3s"), Duration.ofSeconds(7));

    policies.save(replacement);

    assertThat(policies.findAll()).containsExactly(replacement);
  }

  @Test
  void keepsSubSecondIntervalsAndTimeouts() {
    var policy =
        new RetryPolicy(
            "precise", DurationText.parseAll("1500ms", "90s", "1d"), Duration.ofMillis(2500));

    policies.save(policy);

    assertThat(policies.findAll()).containsExactly(policy);
  }

  @Test
  void keepsAPolicyWithoutRetries() {
    var policy = new RetryPolicy("once", List.of(), Duration.ofSeconds(10));

    policies.save(policy);

    assertThat(policies.findAll()).containsExactly(policy);
  }
}
