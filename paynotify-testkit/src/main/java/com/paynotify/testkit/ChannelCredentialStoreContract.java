package com.paynotify.testkit;

import static com.paynotify.testkit.Notifications.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.NotFoundException;
import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.channel.WechatV3Credentials;
import com.paynotify.merchant.ChannelCredentialStore;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantChannel;
import com.paynotify.merchant.MerchantStore;
import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ChannelCredentialStore} must have. Subclass it once per store and
 * database.
 */
public abstract class ChannelCredentialStoreContract {
  /** One key pair for every test: generating RSA keys is slow. */
  protected static final PrivateKey KEY = RsaKeys.generate().getPrivate();

  private static final PrivateKey OTHER_KEY = RsaKeys.generate().getPrivate();
  protected static final String API_V3_KEY = "0123456789abcdefghijABCDEFGHIJ01";

  /** The store under test, empty at the start of each test. */
  protected ChannelCredentialStore credentials;

  protected MerchantStore merchants;

  /** A credential store holding nothing, called before each test. */
  protected abstract ChannelCredentialStore emptyChannelCredentialStore();

  /** The merchant store the credential store's merchants live in, holding no merchants. */
  protected abstract MerchantStore merchantStore();

  @BeforeEach
  void startWithEmptyStores() {
    credentials = emptyChannelCredentialStore();
    merchants = merchantStore();
    merchants.create(Merchant.register("m1", "Shop", List.of(), T0));
  }

  static MerchantChannel alipay(String appId, PrivateKey key) {
    return new MerchantChannel(
        "m1", new AlipayCredentials(appId, key, AlipayCredentials.SignType.RSA2), T0, T0);
  }

  static MerchantChannel wechatV3() {
    return new MerchantChannel(
        "m1",
        new WechatV3Credentials(
            "1900000109", "wxd678efh567hg6787", KEY, "PUB_KEY_ID_0114232806912025", API_V3_KEY),
        T0,
        T0);
  }

  static MerchantChannel wechatV2() {
    return new MerchantChannel(
        "m1",
        new WechatV2Credentials(
            "wx2421b1c4370ec43b",
            "10000100",
            "192006250b4c09247ec02edce69f6a2d",
            WechatV2Credentials.SignType.HMAC_SHA256),
        T0,
        T0);
  }

  @Test
  void storesAlipayCredentialsWithTheirPrivateKey() {
    var stored = alipay("2021000000000001", KEY);

    credentials.save(stored);

    assertThat(credentials.find("m1", Channel.ALIPAY)).contains(stored);
  }

  @Test
  void storesWechatPayV3CredentialsWithTheirKeyIdAndApiV3Key() {
    var stored = wechatV3();

    credentials.save(stored);

    var found = credentials.find("m1", Channel.WECHAT_V3).orElseThrow();
    assertThat(found).isEqualTo(stored);
    assertThat(((WechatV3Credentials) found.credentials()).apiV3Key()).isEqualTo(API_V3_KEY);
  }

  @Test
  void storesWechatPayV2CredentialsWithTheirSignType() {
    var stored = wechatV2();

    credentials.save(stored);

    assertThat(credentials.find("m1", Channel.WECHAT_V2)).contains(stored);
  }

  @Test
  void replacesTheCredentialsOfTheSameChannelKeepingWhenTheyWereFirstSet() {
    var first = alipay("2021000000000001", KEY);
    credentials.save(first);
    var rotated =
        first.replacedBy(
            new AlipayCredentials("2021000000000002", OTHER_KEY, AlipayCredentials.SignType.RSA),
            T0.plusSeconds(60));

    credentials.save(rotated);

    var found = credentials.find("m1", Channel.ALIPAY).orElseThrow();
    assertThat(found).isEqualTo(rotated);
    assertThat(found.createdAt()).isEqualTo(T0);
    assertThat(found.publicKey()).contains(MerchantChannel.publicKeyOf(OTHER_KEY));
  }

  @Test
  void listsEveryChannelOfAMerchantInChannelOrder() {
    credentials.save(wechatV2());
    credentials.save(alipay("2021000000000001", KEY));
    credentials.save(wechatV3());

    var all = credentials.findAll("m1");

    assertThat(all)
        .extracting(MerchantChannel::channel)
        .containsExactly(Channel.ALIPAY, Channel.WECHAT_V3, Channel.WECHAT_V2);
  }

  @Test
  void findsNothingForAChannelNeverSetOrAnUnknownMerchant() {
    credentials.save(wechatV2());

    assertThat(credentials.find("m1", Channel.ALIPAY)).isEmpty();
    assertThat(credentials.find("nobody", Channel.WECHAT_V2)).isEmpty();
    assertThat(credentials.findAll("nobody")).isEmpty();
  }

  @Test
  void refusesCredentialsForAnUnknownMerchant() {
    var orphan =
        new MerchantChannel("nobody", alipay("2021000000000001", KEY).credentials(), T0, T0);

    assertThatThrownBy(() -> credentials.save(orphan))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nobody");
  }
}
