package com.paynotify.channel;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA key pairs as the Alipay and WeChat Pay SDKs take them: public keys as bare base64 X.509
 * ({@code MIIBIjAN...}, what {@code AlipaySignature.rsaCheckV1} takes) or PEM, private keys as
 * PKCS#8. Parse errors never echo the key text.
 */
public final class RsaKeys {
  private static final int KEY_SIZE = 2048;

  private RsaKeys() {}

  /** A fresh RSA-2048 key pair. */
  public static KeyPair generate() {
    try {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(KEY_SIZE);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is unavailable in this JVM", e);
    }
  }

  /** The public key as bare base64 of its X.509 encoding, one line. */
  public static String publicKeyBase64(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** The public key as a PEM {@code PUBLIC KEY} block. */
  public static String publicKeyPem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** The private key as bare base64 of its PKCS#8 encoding, one line. */
  public static String privateKeyBase64(PrivateKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Reads an RSA public key from bare base64 X.509 or a PEM {@code PUBLIC KEY} block. */
  public static PublicKey parsePublicKey(String text) {
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new X509EncodedKeySpec(decode(text, "public key")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("public key: not an RSA X.509 public key");
    }
  }

  /** Reads an RSA private key from bare base64 PKCS#8 or a PEM {@code PRIVATE KEY} block. */
  public static PrivateKey parsePrivateKey(String text) {
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(decode(text, "private key")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("private key: not an RSA PKCS#8 private key");
    }
  }

  static void requireRsa(Key key, String field) {
    if (!(key instanceof RSAKey)) {
      throw new IllegalArgumentException(field + ": must be an RSA key, got " + key.getAlgorithm());
    }
  }

  /** An RSA key of at least {@code minBits}; the message names the field and the size only. */
  static void requireRsa(Key key, String field, int minBits) {
    requireRsa(key, field);
    int bits = ((RSAKey) key).getModulus().bitLength();
    if (bits < minBits) {
      throw new IllegalArgumentException(
          field + ": must be an RSA key of at least " + minBits + " bits, got " + bits);
    }
  }

  static byte[] sign(String algorithm, PrivateKey key, byte[] content) {
    try {
      var signature = Signature.getInstance(algorithm);
      signature.initSign(key);
      signature.update(content);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " signing failed", e);
    }
  }

  /** Whether {@code signature} is a valid signature of {@code content}; false on any bad input. */
  static boolean verify(String algorithm, PublicKey key, byte[] content, byte[] signature) {
    try {
      var verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update(content);
      return verifier.verify(signature);
    } catch (SignatureException | java.security.InvalidKeyException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is unavailable in this JVM", e);
    }
  }

  private static byte[] decode(String text, String what) {
    var base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": not base64 or PEM");
    }
  }
}
