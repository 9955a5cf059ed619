package com.paynotify.access;

import static com.paynotify.testkit.Notifications.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.UseCaseFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokensTest {
  private final UseCaseFixture core = new UseCaseFixture();
  private final Tokens tokens = core.paynotify.tokens();

  @AfterEach
  void tearDown() {
    core.close();
  }

  @Test
  void issuesATokenWhoseSecretIsOnlyInTheAnswerAndStoresItsHash() {
    var issued = tokens.issue(" checkout-service ", Role.PRODUCER, null, "admin");

    assertThat(issued.secret()).startsWith(AccessToken.PREFIX);
    assertThat(issued.token().name()).isEqualTo("checkout-service");
    assertThat(issued.token().scope()).isEqualTo(MerchantScope.EVERY);
    assertThat(core.tokens.findByHash(AccessToken.hash(issued.secret()))).contains(issued.token());
    assertThat(tokens.all())
        .singleElement()
        .satisfies(t -> assertThat(t.tokenHash()).isNotEqualTo(issued.secret()));
  }

  @Test
  void scopesATokenToExistingMerchantsOnly() {
    core.paynotify.merchants().register("m1", "Shop", List.of());

    var scoped = tokens.issue("shop-viewer", Role.VIEWER, List.of("m1"), "admin");

    assertThat(scoped.token().scope().allows("m1")).isTrue();
    assertThat(scoped.token().scope().allows("m2")).isFalse();
    assertThatThrownBy(() -> tokens.issue("ghost", Role.VIEWER, List.of("m2"), "admin"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("merchantIds"));
    assertThatThrownBy(() -> tokens.issue("none", Role.VIEWER, List.of(), "admin"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("merchantIds"));
    assertThatThrownBy(() -> tokens.issue("boss", Role.ADMIN, List.of("m1"), "admin"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("merchantIds"));
    assertThat(tokens.all()).hasSize(1);
  }

  @Test
  void refusesANameThatCannotBeShownInTheAuditLog() {
    assertThatThrownBy(() -> tokens.issue("a\nb", Role.VIEWER, null, "admin"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("name"));
    assertThatThrownBy(
            () -> tokens.issue("x".repeat(Tokens.MAX_NAME_LENGTH + 1), Role.VIEWER, null, "admin"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("name"));
    assertThatThrownBy(() -> tokens.issue("  ", Role.VIEWER, null, "admin"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.problem()).isEqualTo(InvalidRequestException.Problem.MISSING));
  }

  @Test
  void revokesOnceAndRevokingAgainChangesNothing() {
    var issued = tokens.issue("old", Role.OPERATOR, null, "admin");
    core.clock.tick(Duration.ofMinutes(1));

    tokens.revoke(issued.token().id());
    core.clock.tick(Duration.ofMinutes(1));
    tokens.revoke(issued.token().id());

    assertThat(tokens.all())
        .singleElement()
        .satisfies(t -> assertThat(t.revokedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1))));
    assertThatThrownBy(() -> tokens.revoke("nope")).isInstanceOf(NotFoundException.class);
  }
}
