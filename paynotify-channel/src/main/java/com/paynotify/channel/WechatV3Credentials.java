package com.paynotify.channel;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Objects;

/**
 * What Paynotify signs and encrypts WeChat Pay API v3 notifications with, in the place of WeChat
 * Pay: the merchant's {@code mchid} and {@code appid}, an RSA private key standing in for the
 * WeChat Pay platform key, the id the merchant configures for its public half ({@code
 * PUB_KEY_ID_...}), sent as {@code Wechatpay-Serial}, and the merchant's 32-character APIv3 key.
 */
public record WechatV3Credentials(
    String mchId, String appId, PrivateKey platformKey, String publicKeyId, String apiV3Key)
    implements ChannelCredentials {

  public WechatV3Credentials {
    Objects.requireNonNull(mchId, "mchId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(platformKey, "platformKey");
    Objects.requireNonNull(publicKeyId, "publicKeyId");
    Objects.requireNonNull(apiV3Key, "apiV3Key");
    RsaKeys.requireRsa(platformKey, "platformKey");
    requireApiV3Key(apiV3Key);
    if (publicKeyId.isBlank()) {
      throw new IllegalArgumentException("publicKeyId: must not be blank");
    }
  }

  static void requireApiV3Key(String apiV3Key) {
    int length = apiV3Key.getBytes(StandardCharsets.UTF_8).length;
    if (length != 32) {
      throw new IllegalArgumentException(
          "apiV3Key: must be 32 bytes (AES-256), got " + length + " bytes");
    }
  }

  @Override
  public Channel channel() {
    return Channel.WECHAT_V3;
  }

  @Override
  public String toString() {
    return "WechatV3Credentials[mchId="
        + mchId
        + ", appId="
        + appId
        + ", publicKeyId="
        + publicKeyId
        + ", platformKey=redacted, apiV3Key=redacted]";
  }
}
