package com.paynotify.examples.shop;

import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.receiver.AlipayVerifier;
import com.paynotify.receiver.CallbackVerifier;
import com.paynotify.receiver.WebhookVerifier;
import com.paynotify.receiver.WechatV2Verifier;
import com.paynotify.receiver.WechatV3Verifier;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Runs the {@link SampleShop} on an H2 file database, configured from the environment with the keys
 * Paynotify handed out: {@code WEBHOOK_SECRET}; {@code ALIPAY_PUBLIC_KEY}; {@code
 * WECHAT_V3_PUBLIC_KEY} (PEM), {@code WECHAT_V3_PUBLIC_KEY_ID}, {@code WECHAT_V3_APIV3_KEY}; {@code
 * WECHAT_V2_API_KEY}, {@code WECHAT_V2_SIGN_TYPE} ({@code MD5} or {@code HMAC_SHA256}). A channel
 * whose variables are unset gets no endpoint. {@code SHOP_PORT} defaults to 8081.
 */
public final class SampleShopMain {

  private SampleShopMain() {}

  public static void main(String[] args) throws Exception {
    var clock = InstantSource.system();
    var verifiers = new ArrayList<CallbackVerifier>();
    env("WEBHOOK_SECRET")
        .forEach(
            secret ->
                verifiers.add(WebhookVerifier.of(List.of(WebhookSecret.parse(secret)), clock)));
    env("ALIPAY_PUBLIC_KEY")
        .forEach(
            key ->
                verifiers.add(
                    AlipayVerifier.of(
                        new VerificationKeys.Alipay(
                            List.of(RsaKeys.parsePublicKey(key)), AlipayCredentials.SignType.RSA2),
                        clock)));
    env("WECHAT_V3_PUBLIC_KEY")
        .forEach(
            key ->
                verifiers.add(
                    WechatV3Verifier.of(
                        new VerificationKeys.WechatV3(
                            Map.of(
                                System.getenv("WECHAT_V3_PUBLIC_KEY_ID"),
                                RsaKeys.parsePublicKey(key)),
                            List.of(System.getenv("WECHAT_V3_APIV3_KEY"))),
                        clock)));
    env("WECHAT_V2_API_KEY")
        .forEach(
            key ->
                verifiers.add(
                    WechatV2Verifier.of(
                        new VerificationKeys.WechatV2(
                            List.of(key),
                            WechatV2Credentials.SignType.valueOf(
                                env("WECHAT_V2_SIGN_TYPE").stream().findFirst().orElse("MD5"))),
                        clock)));
    var dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:./data/shop;AUTO_SERVER=TRUE");
    var port = Integer.parseInt(env("SHOP_PORT").stream().findFirst().orElse("8081"));
    var shop = SampleShop.start(dataSource, verifiers, SampleShop.Fulfilment.NONE, port);
    for (var verifier : verifiers) {
      System.out.println(verifier.channel() + " callbacks: " + shop.url(verifier.channel()));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(shop::close));
  }

  private static List<String> env(String name) {
    var value = System.getenv(name);
    return value == null || value.isBlank() ? List.of() : List.of(value);
  }
}
