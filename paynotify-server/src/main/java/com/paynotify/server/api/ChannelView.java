package com.paynotify.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.WebhookCredentials;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.channel.WechatV3Credentials;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantChannel;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A merchant's credentials for one channel as the API shows them: identifiers, the sign type, the
 * public key the merchant verifies with, and which secret keys are set, never the keys themselves.
 *
 * @param keysSet the names of the private and shared keys Paynotify holds for this channel
 * @param rotation {@code IMMEDIATE}: a new key signs from the next attempt on; {@code GRACE_24H}:
 *     callbacks carry the old key's signature too for 24 hours
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChannelView(
    Channel channel,
    @Nullable String appId,
    @Nullable String mchId,
    @Nullable String signType,
    @Nullable String publicKeyId,
    @Nullable String publicKey,
    @Nullable String publicKeyPem,
    List<String> keysSet,
    String rotation,
    @Nullable Instant previousSecretExpiresAt,
    Instant createdAt,
    Instant updatedAt) {

  static ChannelView of(MerchantChannel stored) {
    var publicKey = stored.publicKey().orElse(null);
    var base64 = publicKey == null ? null : RsaKeys.publicKeyBase64(publicKey);
    var pem = publicKey == null ? null : RsaKeys.publicKeyPem(publicKey);
    var created = stored.createdAt();
    var updated = stored.updatedAt();
    return switch (stored.credentials()) {
      case AlipayCredentials a ->
          new ChannelView(
              Channel.ALIPAY,
              a.appId(),
              null,
              a.signType().name(),
              null,
              base64,
              pem,
              List.of("privateKey"),
              "IMMEDIATE",
              null,
              created,
              updated);
      case WechatV3Credentials v3 ->
          new ChannelView(
              Channel.WECHAT_V3,
              v3.appId(),
              v3.mchId(),
              "WECHATPAY2-SHA256-RSA2048",
              v3.publicKeyId(),
              base64,
              pem,
              List.of("privateKey", "apiV3Key"),
              "IMMEDIATE",
              null,
              created,
              updated);
      case WechatV2Credentials v2 ->
          new ChannelView(
              Channel.WECHAT_V2,
              v2.appId(),
              v2.mchId(),
              v2.signType().wireName(),
              null,
              null,
              null,
              List.of("apiKey"),
              "IMMEDIATE",
              null,
              created,
              updated);
      case WebhookCredentials w ->
          throw new IllegalArgumentException("credentials: webhook secrets belong to the merchant");
    };
  }

  /** The merchant's Standard Webhooks secret, which is shown only when created or rotated. */
  static ChannelView webhook(Merchant merchant, Instant now) {
    var graceEnds = merchant.previousSecretExpiresAt();
    var inGrace = merchant.previousSecret() != null && graceEnds != null && now.isBefore(graceEnds);
    return new ChannelView(
        Channel.WEBHOOK,
        null,
        null,
        "v1 (HMAC-SHA256)",
        null,
        null,
        null,
        inGrace ? List.of("webhookSecret", "previousSecret") : List.of("webhookSecret"),
        "GRACE_24H",
        inGrace ? graceEnds : null,
        merchant.createdAt(),
        merchant.updatedAt());
  }
}
