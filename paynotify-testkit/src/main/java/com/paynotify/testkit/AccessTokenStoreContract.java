package com.paynotify.testkit;

import static com.paynotify.testkit.Notifications.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.access.AccessToken;
import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.MerchantScope;
import com.paynotify.access.Role;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AccessTokenStore} must have. Subclass it once per store and database.
 */
public abstract class AccessTokenStoreContract {

  /** The store under test, empty at the start of each test. */
  protected AccessTokenStore tokens;

  /** A store holding no tokens, called before each test. */
  protected abstract AccessTokenStore emptyAccessTokenStore();

  @BeforeEach
  void startWithAnEmptyAccessTokenStore() {
    tokens = emptyAccessTokenStore();
  }

  @Test
  void findsATokenByTheHashOfItsSecretOnly() {
    var issued = AccessToken.issue("checkout", Role.PRODUCER, "user:alice", T0);

    tokens.create(issued.token());

    assertThat(tokens.findByHash(AccessToken.hash(issued.secret()))).contains(issued.token());
    assertThat(tokens.findByHash(issued.secret())).isEmpty();
    assertThat(tokens.findByHash(AccessToken.hash(issued.secret() + "x"))).isEmpty();
  }

  @Test
  void listsTokensNewestFirst() {
    var older = AccessToken.issue("reports", Role.VIEWER, "api-token", T0).token();
    var newer = AccessToken.issue("ops", Role.OPERATOR, "api-token", T0.plusSeconds(1)).token();
    tokens.create(older);
    tokens.create(newer);

    var all = tokens.findAll();

    assertThat(all).containsExactly(newer, older);
  }

  @Test
  void listsTokensPageByPageAfterTheLastOneRead() {
    var oldest = AccessToken.issue("a", Role.VIEWER, "api-token", T0).token();
    var tiedOne = AccessToken.issue("b", Role.VIEWER, "api-token", T0.plusSeconds(1)).token();
    var tiedTwo = AccessToken.issue("c", Role.VIEWER, "api-token", T0.plusSeconds(1)).token();
    var newest = AccessToken.issue("d", Role.VIEWER, "api-token", T0.plusSeconds(2)).token();
    for (var token : List.of(oldest, tiedOne, tiedTwo, newest)) {
      tokens.create(token);
    }

    var first = tokens.findPage(null, 2);
    var second = tokens.findPage(first.getLast().id(), 2);
    var last = tokens.findPage(second.getLast().id(), 2);

    assertThat(first).hasSize(2).first().isEqualTo(newest);
    assertThat(second).hasSize(2).last().isEqualTo(oldest);
    assertThat(last).isEmpty();
    assertThat(java.util.stream.Stream.concat(first.stream(), second.stream()).toList())
        .containsExactlyElementsOf(tokens.findAll());
  }

  @Test
  void revokesATokenOnce() {
    var issued = AccessToken.issue("checkout", Role.PRODUCER, "api-token", T0);
    tokens.create(issued.token());

    boolean first = tokens.revoke(issued.token().id(), T0.plusSeconds(5));
    boolean again = tokens.revoke(issued.token().id(), T0.plusSeconds(9));
    boolean unknown = tokens.revoke("no-such-token", T0);

    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(unknown).isFalse();
    assertThat(tokens.findByHash(issued.token().tokenHash()).orElseThrow().revokedAt())
        .isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void keepsTheMerchantsATokenIsScopedTo() {
    var scoped =
        AccessToken.issue(
            "shop-a-checkout",
            Role.PRODUCER,
            MerchantScope.only(List.of("shop-b", "shop-a")),
            "api-token",
            T0);
    var unscoped = AccessToken.issue("checkout", Role.PRODUCER, "api-token", T0);

    tokens.create(scoped.token());
    tokens.create(unscoped.token());

    var readScoped = tokens.findByHash(scoped.token().tokenHash()).orElseThrow();
    assertThat(readScoped.scope()).isEqualTo(MerchantScope.only(List.of("shop-a", "shop-b")));
    assertThat(readScoped.scope().allows("shop-c")).isFalse();
    assertThat(tokens.findByHash(unscoped.token().tokenHash()).orElseThrow().scope())
        .isEqualTo(MerchantScope.EVERY);
  }

  @Test
  void keepsAScopeOfAHundredLongMerchantIds() {
    var ids = new java.util.ArrayList<String>();
    for (int i = 0; i < MerchantScope.MAX_MERCHANTS; i++) {
      ids.add(String.format("%064d", i));
    }
    var scoped = AccessToken.issue("wide", Role.VIEWER, MerchantScope.only(ids), "api-token", T0);

    tokens.create(scoped.token());

    assertThat(tokens.findByHash(scoped.token().tokenHash()).orElseThrow().scope())
        .isEqualTo(MerchantScope.only(ids));
  }
}
