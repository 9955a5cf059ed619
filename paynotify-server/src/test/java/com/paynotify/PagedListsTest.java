package com.paynotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.access.AccessToken;
import com.paynotify.access.Role;
import com.paynotify.merchant.Merchant;
import com.paynotify.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The paged lists of the merchant, token and policy use cases, on H2. */
class PagedListsTest {
  private final UseCaseFixture core = new UseCaseFixture();

  @AfterEach
  void tearDown() {
    core.close();
  }

  @Test
  void aPageReadsOneItemMoreThanItShowsSoTheLastPageHasNoNext() {
    for (var id : List.of("a", "b", "c", "d")) {
      core.paynotify.merchants().register(id, "Shop " + id, List.of());
    }

    var first = core.paynotify.merchants().page(new PageRequest(null, 2), null);
    var last = core.paynotify.merchants().page(new PageRequest(first.next(), 2), null);

    assertThat(first.items()).extracting(Merchant::id).containsExactly("a", "b");
    assertThat(first.next()).isEqualTo("b");
    assertThat(last.items()).extracting(Merchant::id).containsExactly("c", "d");
    assertThat(last.next()).as("no empty page after an exactly full one").isNull();
  }

  @Test
  void aScopedListHoldsOnlyItsMerchantsByIdAndSkipsOnesThatDoNotExist() {
    for (var id : List.of("a", "b", "c", "d")) {
      core.paynotify.merchants().register(id, "Shop " + id, List.of());
    }
    var scope = Set.of("d", "b", "gone", "a");

    var first = core.paynotify.merchants().page(new PageRequest(null, 2), scope);
    var second = core.paynotify.merchants().page(new PageRequest(first.next(), 2), scope);

    assertThat(first.items()).extracting(Merchant::id).containsExactly("a", "b");
    assertThat(second.items()).extracting(Merchant::id).containsExactly("d");
  }

  @Test
  void listsTokensNewestFirstAPageAtATime() {
    var tokens = core.paynotify.tokens();
    var older = tokens.issue("older", Role.VIEWER, null, "api-token").token();
    core.clock.tick(Duration.ofSeconds(1));
    var newer = tokens.issue("newer", Role.VIEWER, null, "api-token").token();

    var first = tokens.page(new PageRequest(null, 1));
    var second = tokens.page(new PageRequest(first.next(), 1));

    assertThat(first.items()).extracting(AccessToken::id).containsExactly(newer.id());
    assertThat(second.items()).extracting(AccessToken::id).containsExactly(older.id());
    assertThat(second.next()).isNull();
  }

  @Test
  void listsPoliciesInTheirOrderAndACursorNoPolicyHasStartsNothing() {
    var policies = core.paynotify.retryPolicies();
    policies.define("fast", List.of(Duration.ofSeconds(15)), null);

    var first = policies.page(new PageRequest(null, 3));
    var rest = policies.page(new PageRequest(first.next(), 3));
    var unknown = policies.page(new PageRequest("no-such-policy", 3));

    assertThat(first.items())
        .extracting(RetryPolicy::name)
        .containsExactly("alipay", "wechat", "standard");
    assertThat(rest.items()).extracting(RetryPolicy::name).containsExactly("fast");
    assertThat(unknown.items()).isEmpty();
    assertThat(unknown.next()).isNull();
  }

  @Test
  void refusesALimitOutOfRangeAndACursorNoListGivesNamingTheField() {
    assertThatThrownBy(() -> new PageRequest(null, 0))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    assertThatThrownBy(() -> new PageRequest(null, PageRequest.MAX_LIMIT + 1))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    assertThatThrownBy(() -> new PageRequest("a\nb", 10))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
  }
}
