package com.paynotify.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.ConflictException;
import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.UseCaseFixture;
import com.paynotify.channel.Channel;
import com.paynotify.channel.WebhookCredentials;
import com.paynotify.testkit.Notifications;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MerchantsTest {
  private final UseCaseFixture core = new UseCaseFixture();
  private final Merchants merchants = core.paynotify.merchants();

  @AfterEach
  void tearDown() {
    core.close();
  }

  @Test
  void registersAnActiveMerchantWithAFreshSecretAndStoresIt() {
    var registered =
        merchants.register("shop-1", "  Shop One ", List.of("Shop.Example", "shop.example"));

    assertThat(registered.status()).isEqualTo(MerchantStatus.ACTIVE);
    assertThat(registered.name()).isEqualTo("Shop One");
    assertThat(registered.callbackHosts()).containsExactly("shop.example");
    assertThat(registered.createdAt()).isEqualTo(Notifications.T0);
    assertThat(core.merchants.find("shop-1"))
        .get()
        .satisfies(
            stored -> assertThat(stored.webhookSecret()).isEqualTo(registered.webhookSecret()));
    assertThat(merchants.all()).extracting(Merchant::id).containsExactly("shop-1");
  }

  @Test
  void refusesValuesThatCannotBeStoredNamingTheField() {
    assertThatThrownBy(() -> merchants.register("shop/1", "Shop", List.of()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("id"));
    assertThatThrownBy(() -> merchants.register("shop", "Sh\nop", List.of()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("name"));
    assertThatThrownBy(() -> merchants.register("shop", "   ", List.of()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.problem()).isEqualTo(InvalidRequestException.Problem.MISSING));
    assertThatThrownBy(() -> merchants.register("shop", "Shop", List.of("https://shop.example")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("callbackHosts"));
    assertThat(merchants.all()).isEmpty();
  }

  @Test
  void refusesATakenId() {
    merchants.register("shop", "Shop", List.of());

    assertThatThrownBy(() -> merchants.register("shop", "Other", List.of()))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void changesOnlyWhatIsGivenAndKeepsTheSecret() {
    var registered = merchants.register("shop", "Shop", List.of("shop.example"));
    core.clock.tick(Duration.ofMinutes(1));

    var changed = merchants.change("shop", new Merchants.Change("Shop Two", null, null));

    assertThat(changed.name()).isEqualTo("Shop Two");
    assertThat(changed.callbackHosts()).containsExactly("shop.example");
    assertThat(changed.webhookSecret()).isEqualTo(registered.webhookSecret());
    assertThat(changed.updatedAt()).isEqualTo(Notifications.T0.plus(Duration.ofMinutes(1)));
    assertThat(merchants.get("shop").name()).isEqualTo("Shop Two");
  }

  @Test
  void disablesAMerchant() {
    merchants.register("shop", "Shop", List.of());

    merchants.disable("shop");

    assertThat(merchants.get("shop").status()).isEqualTo(MerchantStatus.DISABLED);
  }

  @Test
  void rotatingSignsWithTheNewSecretAtOnceAndTheOldOneDuringTheGrace() {
    var registered = merchants.register("shop", "Shop", List.of());
    var before = core.credentials.find("shop", Channel.WEBHOOK, core.clock.instant()).orElseThrow();

    var rotated = merchants.rotateSecret("shop");

    var now = core.clock.instant();
    var after =
        (WebhookCredentials) core.credentials.find("shop", Channel.WEBHOOK, now).orElseThrow();
    assertThat(((WebhookCredentials) before).secrets()).containsExactly(registered.webhookSecret());
    assertThat(after.secrets())
        .containsExactly(rotated.webhookSecret(), registered.webhookSecret());
    assertThat(rotated.previousSecretExpiresAt())
        .isEqualTo(now.plus(Merchant.DEFAULT_ROTATION_GRACE));
  }

  @Test
  void anUnknownMerchantIsNotFound() {
    assertThatThrownBy(() -> merchants.get("nobody")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> merchants.rotateSecret("nobody"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> merchants.change("nobody", new Merchants.Change("x", null, null)))
        .isInstanceOf(NotFoundException.class);
  }
}
