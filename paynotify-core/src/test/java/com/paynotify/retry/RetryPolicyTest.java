package com.paynotify.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void countsTheFirstAttemptPlusOnePerInterval() {
    assertThat(RetryPolicies.alipay().maxAttempts()).isEqualTo(8);
    assertThat(RetryPolicies.wechat().maxAttempts()).isEqualTo(16);
    assertThat(RetryPolicies.standard().maxAttempts()).isEqualTo(6);
  }

  @Test
  void schedulesEachAttemptTheIntervalAfterThePreviousOne() {
    var alipay = RetryPolicies.alipay();

    assertThat(alipay.nextAttemptAt(1, NOW)).contains(NOW.plus(Duration.ofMinutes(4)));
    assertThat(alipay.nextAttemptAt(7, NOW)).contains(NOW.plus(Duration.ofHours(15)));
    assertThat(alipay.nextAttemptAt(8, NOW)).isEmpty();
  }

  @Test
  void spreadsTheBuiltInSchedulesOverTheirPlatformsWindows() {
    assertThat(total(RetryPolicies.alipay()))
        .isEqualTo(Duration.ofMinutes(4 + 10 + 10 + 60 + 120 + 360 + 900));
    assertThat(total(RetryPolicies.wechat())).isBetween(Duration.ofHours(24), Duration.ofHours(25));
    assertThat(RetryPolicies.wechat().timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  private static Duration total(RetryPolicy policy) {
    return policy.intervals().stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Nested
  class Preconditions {
    @Test
    void refusesANameWithSpacesOrCapitals() {
      assertThatThrownBy(() -> new RetryPolicy("My Policy", List.of(), Duration.ofSeconds(5)))
          .hasMessageStartingWith("name: 'My Policy'");
    }

    @Test
    void refusesAZeroOrNegativeInterval() {
      assertThatThrownBy(() -> new RetryPolicy("p", List.of(Duration.ZERO), Duration.ofSeconds(5)))
          .hasMessageStartingWith("intervals: PT0S");
    }

    @Test
    void refusesATimeoutOutsideOneSecondToTwoMinutes() {
      assertThatThrownBy(() -> new RetryPolicy("p", List.of(), Duration.ofMillis(500)))
          .hasMessageStartingWith("timeout:");
      assertThatThrownBy(() -> new RetryPolicy("p", List.of(), Duration.ofMinutes(3)))
          .hasMessageStartingWith("timeout:");
    }

    @Test
    void refusesAnEndlessSchedule() {
      var tooMany = Collections.nCopies(RetryPolicy.MAX_INTERVALS + 1, Duration.ofMinutes(1));
      assertThatThrownBy(() -> new RetryPolicy("p", tooMany, Duration.ofSeconds(5)))
          .hasMessageStartingWith("intervals: 51");
    }

    @Test
    void refusesAnAttemptCountBelowOne() {
      assertThatThrownBy(() -> RetryPolicies.standard().nextAttemptAt(0, NOW))
          .hasMessageStartingWith("attemptsMade: 0");
    }
  }

  @Nested
  class Registry {
    @Test
    void keepsBuiltInsAndAddsTheOperatorsOwn() {
      var policies = new RetryPolicies();

      policies.define(
          new RetryPolicy("fast", List.of(Duration.ofSeconds(15)), Duration.ofSeconds(5)));

      assertThat(policies.all())
          .extracting(RetryPolicy::name)
          .containsExactly("alipay", "wechat", "standard", "fast");
      assertThat(policies.find("fast")).isPresent();
      assertThatThrownBy(
              () -> policies.define(new RetryPolicy("alipay", List.of(), Duration.ofSeconds(5))))
          .hasMessageContaining("built-in");
    }

    @Test
    void looksAPolicyAnotherNodeDefinedUpInTheStoreAndKeepsIt() {
      var store = new ListStore();
      var policies = new RetryPolicies(store, InstantSource.fixed(NOW));
      var elsewhere =
          new RetryPolicy("patient", List.of(Duration.ofMinutes(7)), Duration.ofSeconds(20));
      store.save(elsewhere);

      var found = policies.find("patient");
      var again = policies.find("patient");

      assertThat(found).contains(elsewhere);
      assertThat(again).contains(elsewhere);
      assertThat(store.reads).as("kept after the first look-up").isEqualTo(1);
      assertThat(policies.slowest()).as("a claim's lease now covers it").isEqualTo(elsewhere);
    }

    @Test
    void asksTheStoreForAMissingNameOnlyOnceInAWhile() {
      var store = new ListStore();
      var now = new AtomicReference<>(NOW);
      var policies = new RetryPolicies(store, now::get);

      policies.find("nightly");
      policies.find("nightly");
      now.set(NOW.plus(RetryPolicies.MISS_TTL));
      store.save(new RetryPolicy("nightly", List.of(Duration.ofHours(1)), Duration.ofSeconds(5)));
      var later = policies.find("nightly");

      assertThat(store.reads).isEqualTo(2);
      assertThat(later).isPresent();
    }
  }

  /** Stored policies in a list, counting the reads. */
  private static final class ListStore implements RetryPolicyStore {
    final List<RetryPolicy> saved = new ArrayList<>();
    int reads;

    @Override
    public void save(RetryPolicy policy) {
      saved.removeIf(p -> p.name().equals(policy.name()));
      saved.add(policy);
    }

    @Override
    public List<RetryPolicy> findAll() {
      reads++;
      return List.copyOf(saved);
    }
  }
}
