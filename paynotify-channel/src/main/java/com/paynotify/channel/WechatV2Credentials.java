package com.paynotify.channel;

import java.util.Objects;

/**
 * What Paynotify signs WeChat Pay API v2 notifications with: the merchant's {@code appid}, {@code
 * mch_id} and v2 API key, with the sign type the merchant's handler checks.
 */
public record WechatV2Credentials(String appId, String mchId, String apiKey, SignType signType)
    implements ChannelCredentials {

  /** WeChat Pay v2's {@code sign_type}. */
  public enum SignType {
    MD5("MD5"),
    HMAC_SHA256("HMAC-SHA256");

    private final String wireName;

    SignType(String wireName) {
      this.wireName = wireName;
    }

    /** The value of the {@code sign_type} field. */
    public String wireName() {
      return wireName;
    }
  }

  public WechatV2Credentials {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(mchId, "mchId");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(signType, "signType");
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey: must not be blank");
    }
  }

  @Override
  public Channel channel() {
    return Channel.WECHAT_V2;
  }

  @Override
  public String toString() {
    return "WechatV2Credentials[appId="
        + appId
        + ", mchId="
        + mchId
        + ", signType="
        + signType
        + ", apiKey=redacted]";
  }
}
