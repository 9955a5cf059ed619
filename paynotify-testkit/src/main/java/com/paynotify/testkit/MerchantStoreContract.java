package com.paynotify.testkit;

import static com.paynotify.testkit.Notifications.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.ConflictException;
import com.paynotify.NotFoundException;
import com.paynotify.merchant.AckRule;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantStatus;
import com.paynotify.merchant.MerchantStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MerchantStore} must have. Subclass it once per store and database. */
public abstract class MerchantStoreContract {

  /** The store under test, empty at the start of each test. */
  protected MerchantStore merchants;

  /** A store holding no merchants, called before each test. */
  protected abstract MerchantStore emptyMerchantStore();

  @BeforeEach
  void startWithAnEmptyMerchantStore() {
    merchants = emptyMerchantStore();
  }

  @Test
  void storesAMerchantWithItsSecrets() {
    var merchant =
        Merchant.register("m1", "Coffee Shop 咖啡", List.of("shop.example", "api.shop.example"), T0)
            .rotateSecret(T0.plusMillis(1), Merchant.DEFAULT_ROTATION_GRACE);

    merchants.create(merchant);

    assertThat(merchants.find("m1")).contains(merchant);
  }

  @Test
  void storesAMerchantThatAllowsAnyHost() {
    var merchant = Merchant.register("m1", "Anywhere", List.of(), T0);

    merchants.create(merchant);

    var found = merchants.find("m1").orElseThrow();
    assertThat(found.callbackHosts()).isEmpty();
    assertThat(found.previousSecret()).isNull();
    assertThat(found.webhookSecret()).isEqualTo(merchant.webhookSecret());
  }

  @Test
  void storesDefaultHeadersInTheirOrderAndReplacesThemOnUpdate() {
    var headers = new java.util.LinkedHashMap<String, String>();
    headers.put("X-Route", "eu-1");
    headers.put("Authorization", "Bearer abc.def");
    var merchant = Merchant.register("m1", "Shop", List.of(), T0).withDefaultHeaders(headers, T0);
    merchants.create(merchant);

    var created = merchants.find("m1").orElseThrow();
    merchants.update(created.withDefaultHeaders(java.util.Map.of(), T0.plusSeconds(1)));

    assertThat(created.defaultHeaders())
        .containsExactly(
            java.util.Map.entry("X-Route", "eu-1"),
            java.util.Map.entry("Authorization", "Bearer abc.def"));
    assertThat(merchants.find("m1").orElseThrow().defaultHeaders()).isEmpty();
  }

  @Test
  void listsMerchantsByIdPageByPageAfterTheLastOneRead() {
    for (var id : List.of("m3", "m1", "m4", "m2", "m5")) {
      merchants.create(Merchant.register(id, "Shop " + id, List.of(), T0));
    }

    var first = merchants.findPage(null, 2);
    var second = merchants.findPage(first.getLast().id(), 2);
    var last = merchants.findPage(second.getLast().id(), 2);
    var beyond = merchants.findPage("m5", 2);

    assertThat(first).extracting(Merchant::id).containsExactly("m1", "m2");
    assertThat(second).extracting(Merchant::id).containsExactly("m3", "m4");
    assertThat(last).extracting(Merchant::id).containsExactly("m5");
    assertThat(beyond).isEmpty();
  }

  @Test
  void findsNothingForAnUnknownMerchant() {
    var found = merchants.find("nobody");

    assertThat(found).isEmpty();
  }

  @Test
  void refusesADuplicateMerchantId() {
    merchants.create(Merchant.register("m1", "First", List.of(), T0));

    var duplicate = Merchant.register("m1", "Second", List.of(), T0);

    assertThatThrownBy(() -> merchants.create(duplicate))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("m1");
    assertThat(merchants.find("m1").orElseThrow().name()).isEqualTo("First");
  }

  @Test
  void updatesNameStatusHostsAndSecrets() {
    var merchant = Merchant.register("m1", "Coffee", List.of("a.example"), T0);
    merchants.create(merchant);
    var changed =
        new Merchant(
                "m1",
                "Coffee & Tea",
                MerchantStatus.ACTIVE,
                List.of("b.example"),
                merchant.webhookSecret(),
                null,
                null,
                merchant.createdAt(),
                T0.plusSeconds(1))
            .rotateSecret(T0.plusSeconds(2), Duration.ofHours(1))
            .withStatus(MerchantStatus.DISABLED, T0.plusSeconds(3));

    merchants.update(changed);

    assertThat(merchants.find("m1")).contains(changed);
  }

  @Test
  void keepsEachAcknowledgementRuleAndAnyTwoXxForANewMerchant() {
    var merchant = Merchant.register("m1", "Coffee", List.of(), T0);
    merchants.create(merchant);
    var stored = merchants.find("m1").orElseThrow();

    var rules =
        List.of(
            new AckRule.BodyEquals("success"),
            new AckRule.JsonField("code", "SUCCESS"),
            AckRule.DEFAULT);

    assertThat(stored.ackRule()).isEqualTo(AckRule.DEFAULT);
    for (var rule : rules) {
      var changed =
          new Merchant(
              stored.id(),
              stored.name(),
              stored.status(),
              stored.callbackHosts(),
              stored.webhookSecret(),
              null,
              null,
              stored.createdAt(),
              T0.plusSeconds(1),
              Map.of(),
              rule);
      merchants.update(changed);
      assertThat(merchants.find("m1").orElseThrow().ackRule()).isEqualTo(rule);
    }
  }

  @Test
  void refusesToUpdateAnUnknownMerchant() {
    var unknown = Merchant.register("nobody", "Nobody", List.of(), T0);

    assertThatThrownBy(() -> merchants.update(unknown)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void listsAllMerchantsById() {
    merchants.create(Merchant.register("m2", "Two", List.of(), T0));
    merchants.create(Merchant.register("m1", "One", List.of(), T0));

    var all = merchants.findAll();

    assertThat(all).extracting(Merchant::id).containsExactly("m1", "m2");
  }
}
