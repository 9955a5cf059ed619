package com.paynotify.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.UseCaseFixture;
import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.WechatV3Credentials;
import com.paynotify.merchant.ChannelKeys.Settings;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChannelKeysTest {
  private static final String API_V3_KEY = "0123456789abcdef0123456789abcdef";

  private final UseCaseFixture core = new UseCaseFixture();
  private final ChannelKeys keys = core.paynotify.channelKeys();

  @BeforeEach
  void setUp() {
    core.paynotify.merchants().register("shop", "Shop", List.of());
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  private static Settings alipay(String appId) {
    return new Settings(appId, null, null, null, null, null, null, false);
  }

  @Test
  void generatesAKeyPairWhenNoneIsGivenAndSignsWithItAtOnce() {
    var saved = keys.set("shop", Channel.ALIPAY, alipay("2021000000000001"));

    assertThat(saved.created()).isTrue();
    var alipay = (AlipayCredentials) saved.channel().credentials();
    assertThat(alipay.signType()).isEqualTo(AlipayCredentials.SignType.RSA2);
    assertThat(MerchantChannel.bits(alipay.signingKey()))
        .isGreaterThanOrEqualTo(ChannelKeys.MIN_RSA_BITS);
    assertThat(core.channels.find("shop", Channel.ALIPAY)).isPresent();
    assertThat(core.credentials.find("shop", Channel.ALIPAY, core.clock.instant()))
        .contains(alipay);
  }

  @Test
  void rotatingReplacesOnlyTheKeyAndEvictsTheCachedOne() {
    var first =
        (AlipayCredentials)
            keys.set("shop", Channel.ALIPAY, alipay("2021000000000001")).channel().credentials();
    core.credentials.find("shop", Channel.ALIPAY, core.clock.instant());
    core.clock.tick(Duration.ofMinutes(1));

    var rotated = keys.rotateKey("shop", Channel.ALIPAY);

    var second = (AlipayCredentials) rotated.credentials();
    assertThat(second.appId()).isEqualTo(first.appId());
    assertThat(second.signingKey()).isNotEqualTo(first.signingKey());
    assertThat(rotated.updatedAt()).isAfter(rotated.createdAt());
    assertThat(core.credentials.find("shop", Channel.ALIPAY, core.clock.instant()))
        .contains(second);
  }

  @Test
  void aNewWechatKeyGetsANewPublicKeyIdButASettingChangeKeepsIt() {
    var settings = new Settings("wx1", "1900000001", null, null, null, API_V3_KEY, null, false);
    var first =
        (WechatV3Credentials) keys.set("shop", Channel.WECHAT_V3, settings).channel().credentials();

    var renamed =
        (WechatV3Credentials)
            keys.set(
                    "shop",
                    Channel.WECHAT_V3,
                    new Settings("wx2", null, null, null, null, null, null, false))
                .channel()
                .credentials();
    var rotated = (WechatV3Credentials) keys.rotateKey("shop", Channel.WECHAT_V3).credentials();

    assertThat(first.publicKeyId()).matches("PUB_KEY_ID_[0-9]{34}");
    assertThat(renamed.publicKeyId()).isEqualTo(first.publicKeyId());
    assertThat(renamed.appId()).isEqualTo("wx2");
    assertThat(rotated.publicKeyId()).isNotEqualTo(first.publicKeyId());
  }

  @Test
  void importsAGivenKeyAndRefusesOneTooShort() throws Exception {
    var given = RsaKeys.generate().getPrivate();
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    var shortKey = generator.generateKeyPair().getPrivate();

    var imported =
        keys.set(
            "shop",
            Channel.ALIPAY,
            new Settings(
                "2021000000000001",
                null,
                "rsa",
                RsaKeys.privateKeyBase64(given),
                null,
                null,
                null,
                false));

    assertThat(((AlipayCredentials) imported.channel().credentials()).signingKey())
        .isEqualTo(given);
    assertThat(((AlipayCredentials) imported.channel().credentials()).signType())
        .isEqualTo(AlipayCredentials.SignType.RSA);
    assertThatThrownBy(
            () ->
                keys.set(
                    "shop",
                    Channel.ALIPAY,
                    new Settings(
                        null,
                        null,
                        null,
                        RsaKeys.privateKeyBase64(shortKey),
                        null,
                        null,
                        null,
                        false)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("privateKey"))
        .hasMessageContaining("got 1024 bits")
        .hasMessageNotContaining(RsaKeys.privateKeyBase64(shortKey).substring(0, 20));
  }

  @Test
  void refusesWhatTheChannelDoesNotTakeNamingTheSetting() {
    assertThatThrownBy(() -> keys.set("shop", Channel.WECHAT_V2, Settings.rotation()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("rotateKey"));
    assertThatThrownBy(
            () ->
                keys.set(
                    "shop",
                    Channel.ALIPAY,
                    new Settings(null, null, null, null, null, null, null, false)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("appId"));
    assertThatThrownBy(() -> keys.set("shop", Channel.WEBHOOK, Settings.rotation()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("channel"));
    assertThatThrownBy(
            () ->
                keys.set(
                    "shop",
                    Channel.WECHAT_V2,
                    new Settings("wx1", "1900000001", null, null, null, null, "too short", false)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("apiKey"));
    assertThat(keys.all("shop")).isEmpty();
  }

  @Test
  void anUnknownMerchantOrUnsetChannelIsNotFound() {
    assertThatThrownBy(() -> keys.set("nobody", Channel.ALIPAY, alipay("2021000000000001")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> keys.get("shop", Channel.ALIPAY))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void settingsHideTheirKeysWhenPrinted() {
    var settings =
        new Settings("a", null, null, "secret-key-text", null, API_V3_KEY, "api-key-text", false);

    assertThat(settings.toString())
        .doesNotContain("secret-key-text", API_V3_KEY, "api-key-text")
        .contains("privateKey");
  }
}
