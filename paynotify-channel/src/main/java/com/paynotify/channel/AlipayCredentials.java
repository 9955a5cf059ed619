package com.paynotify.channel;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * What Paynotify signs Alipay notifications with, in the place of Alipay's platform key: the
 * merchant's {@code app_id} and an RSA private key whose public half the merchant configures as
 * "the Alipay public key" of its existing handler.
 *
 * @param signType {@link SignType#RSA2} (SHA256withRSA) unless the merchant's handler still checks
 *     legacy {@link SignType#RSA} (SHA1withRSA)
 */
public record AlipayCredentials(String appId, PrivateKey signingKey, SignType signType)
    implements ChannelCredentials {

  /** Alipay's {@code sign_type}. */
  public enum SignType {
    RSA2("SHA256withRSA"),
    RSA("SHA1withRSA");

    private final String algorithm;

    SignType(String algorithm) {
      this.algorithm = algorithm;
    }

    /** The JCA signature algorithm. */
    public String algorithm() {
      return algorithm;
    }
  }

  public AlipayCredentials {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(signType, "signType");
    RsaKeys.requireRsa(signingKey, "signingKey");
  }

  @Override
  public Channel channel() {
    return Channel.ALIPAY;
  }

  @Override
  public String toString() {
    return "AlipayCredentials[appId=" + appId + ", signType=" + signType + ", signingKey=redacted]";
  }
}
