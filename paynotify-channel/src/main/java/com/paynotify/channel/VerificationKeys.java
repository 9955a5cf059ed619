package com.paynotify.channel;

import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a merchant verifies received callbacks with, one kind per channel. Each list may hold
 * several keys so that a rotation can overlap: a callback passes when any key accepts it. Every
 * {@code toString()} hides key material.
 */
public sealed interface VerificationKeys {

  /** The channel these keys verify. */
  Channel channel();

  /**
   * Alipay: the public keys of the signer (bare base64 in the merchant's config, see {@link
   * RsaKeys#parsePublicKey}) and the one {@code sign_type} the merchant accepts; a callback with
   * another {@code sign_type} fails, so RSA2 cannot be downgraded to RSA.
   */
  record Alipay(List<PublicKey> publicKeys, AlipayCredentials.SignType signType)
      implements VerificationKeys {
    /** The smallest public key accepted: Alipay's legacy RSA keys are 1024 bits. */
    public static final int MIN_RSA_BITS = 1024;

    public Alipay {
      publicKeys = requireSome(publicKeys, "publicKeys");
      publicKeys.forEach(key -> RsaKeys.requireRsa(key, "publicKeys", MIN_RSA_BITS));
      Objects.requireNonNull(signType, "signType");
    }

    @Override
    public Channel channel() {
      return Channel.ALIPAY;
    }

    @Override
    public String toString() {
      return "VerificationKeys.Alipay[" + publicKeys.size() + " key(s), " + signType + "]";
    }
  }

  /**
   * WeChat Pay v3: platform public keys by their id (the {@code Wechatpay-Serial} header picks one)
   * and the APIv3 keys the resource may be encrypted with.
   */
  record WechatV3(Map<String, PublicKey> publicKeysById, List<String> apiV3Keys)
      implements VerificationKeys {
    /** The smallest platform public key accepted: WeChat Pay's are RSA 2048. */
    public static final int MIN_RSA_BITS = 2048;

    public WechatV3 {
      if (publicKeysById.isEmpty()) {
        throw new IllegalArgumentException("publicKeysById: at least one key is required");
      }
      publicKeysById = Map.copyOf(publicKeysById);
      publicKeysById
          .keySet()
          .forEach(
              id -> {
                if (id.isBlank()) {
                  throw new IllegalArgumentException(
                      "publicKeysById: a public key id must not be blank");
                }
              });
      publicKeysById
          .values()
          .forEach(key -> RsaKeys.requireRsa(key, "publicKeysById", MIN_RSA_BITS));
      apiV3Keys = requireSome(apiV3Keys, "apiV3Keys");
      apiV3Keys.forEach(WechatV3Credentials::requireApiV3Key);
    }

    @Override
    public Channel channel() {
      return Channel.WECHAT_V3;
    }

    @Override
    public String toString() {
      return "VerificationKeys.WechatV3[public key ids="
          + publicKeysById.keySet().stream().sorted().toList()
          + ", "
          + apiV3Keys.size()
          + " APIv3 key(s)]";
    }
  }

  /**
   * WeChat Pay v2: the API keys and the sign type the merchant uses; a callback whose {@code
   * sign_type} names another type fails.
   */
  record WechatV2(List<String> apiKeys, WechatV2Credentials.SignType signType)
      implements VerificationKeys {
    /** The length of a WeChat Pay v2 API key, as the merchant platform sets it. */
    public static final int API_KEY_LENGTH = 32;

    public WechatV2 {
      apiKeys = requireSome(apiKeys, "apiKeys");
      for (int i = 0; i < apiKeys.size(); i++) {
        requireApiKey(apiKeys.get(i), "apiKeys[" + i + "]");
      }
      Objects.requireNonNull(signType, "signType");
    }

    /**
     * A blank or short key would let anyone sign ({@code MD5(content&key=)} is public knowledge):
     * the key must be the 32 printable characters WeChat Pay's merchant platform sets. The message
     * names the setting and the length, never the key.
     */
    private static void requireApiKey(String key, String field) {
      if (key.isBlank()) {
        throw new IllegalArgumentException(field + ": must not be blank");
      }
      if (!key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
        throw new IllegalArgumentException(field + ": must be printable ASCII without spaces");
      }
      if (key.length() != API_KEY_LENGTH) {
        throw new IllegalArgumentException(
            field + ": must be " + API_KEY_LENGTH + " characters, got " + key.length());
      }
    }

    @Override
    public Channel channel() {
      return Channel.WECHAT_V2;
    }

    @Override
    public String toString() {
      return "VerificationKeys.WechatV2[" + apiKeys.size() + " key(s), " + signType + "]";
    }
  }

  /** Standard Webhooks: the secrets, newest first. */
  record Webhook(List<WebhookSecret> secrets) implements VerificationKeys {
    public Webhook {
      secrets = requireSome(secrets, "secrets");
    }

    @Override
    public Channel channel() {
      return Channel.WEBHOOK;
    }

    @Override
    public String toString() {
      return "VerificationKeys.Webhook[" + secrets.size() + " secret(s)]";
    }
  }

  private static <T> List<T> requireSome(List<T> keys, String field) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(field + ": at least one key is required");
    }
    return List.copyOf(keys);
  }
}
