package com.paynotify.merchant;

import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelCredentials;
import com.paynotify.channel.WebhookCredentials;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.channel.WechatV3Credentials;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Optional;

/**
 * One merchant's keys for one of the {@code ALIPAY}, {@code WECHAT_V3} and {@code WECHAT_V2}
 * channels, and when they were set. Webhook secrets live on the {@link Merchant}. Its {@code
 * toString()} hides key material, as the credentials' own does.
 */
public record MerchantChannel(
    String merchantId, ChannelCredentials credentials, Instant createdAt, Instant updatedAt) {

  public MerchantChannel {
    if (credentials instanceof WebhookCredentials) {
      throw new IllegalArgumentException(
          "credentials: webhook secrets belong to the merchant itself");
    }
  }

  public Channel channel() {
    return credentials.channel();
  }

  /** These credentials replaced by {@code replacement} at {@code now}; created stays. */
  public MerchantChannel replacedBy(ChannelCredentials replacement, Instant now) {
    return new MerchantChannel(merchantId, replacement, createdAt, now);
  }

  /** The RSA private key signing this channel's callbacks; empty for WeChat Pay v2. */
  public Optional<PrivateKey> signingKey() {
    return switch (credentials) {
      case AlipayCredentials alipay -> Optional.of(alipay.signingKey());
      case WechatV3Credentials v3 -> Optional.of(v3.platformKey());
      case WechatV2Credentials v2 -> Optional.empty();
      case WebhookCredentials webhook -> Optional.empty();
    };
  }

  /** The public half of {@link #signingKey()}: what the merchant verifies with. */
  public Optional<PublicKey> publicKey() {
    return signingKey().map(MerchantChannel::publicKeyOf);
  }

  /**
   * The public key of an RSA private key that carries its CRT parameters, as every PKCS#8 RSA key
   * does.
   *
   * @throws IllegalArgumentException when the key has no public exponent
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw new IllegalArgumentException(
          "private key: must be a PKCS#8 RSA key with its CRT parameters");
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is unavailable in this JVM", e);
    }
  }

  /** The modulus length in bits of an RSA key. */
  public static int bits(PrivateKey key) {
    return key instanceof RSAPrivateCrtKey crt ? crt.getModulus().bitLength() : 0;
  }
}
