package com.paynotify.merchant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that encrypts private and shared keys at rest (AES-GCM, a fresh 12-byte nonce per
 * value). A sealed value is bound to its context, such as {@code merchant/m1/webhook_secret}, so it
 * cannot be moved to another row or column and still open. Thread-safe; never shows the key.
 */
public final class MasterKey {
  /** The prefix of a sealed value: AES-256-GCM, format version 1. */
  public static final String SEALED_PREFIX = "enc1:";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private MasterKey(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A fresh random key. */
  public static MasterKey generate() {
    var bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return new MasterKey(bytes);
  }

  /**
   * Reads a key written as base64 of 32 bytes.
   *
   * @throws IllegalArgumentException naming what is wrong, never showing the text
   */
  public static MasterKey parse(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("master key: not base64 (expected the base64 of 32 random bytes)");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "master key: must be the base64 of 32 bytes (AES-256), got " + bytes.length + " bytes");
    }
    return new MasterKey(bytes);
  }

  /** The key as base64, to be written where it is kept; nowhere else. */
  public String reveal() {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Encrypts {@code plaintext} for {@code context}: {@code enc1:} + base64(nonce, ciphertext, tag). */
  public String seal(String plaintext, String context) {
    var nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      var cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
      var sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      var out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return SEALED_PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /**
   * Decrypts a value {@link #seal sealed} for the same {@code context}.
   *
   * @throws IllegalStateException when the value was sealed under another master key or context,
   *     or was altered
   */
  public String open(String sealed, String context) {
    if (!isSealed(sealed)) {
      throw new IllegalStateException("the stored value of " + context + " is not encrypted");
    }
    try {
      var bytes = Base64.getDecoder().decode(sealed.substring(SEALED_PREFIX.length()));
      if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new IllegalArgumentException("too short");
      }
      var cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), context);
      var plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot decrypt the stored value of " + context
              + ": it was encrypted under another master key, or altered");
    }
  }

  /** Whether {@code value} is in the sealed form, as opposed to legacy plaintext. */
  public static boolean isSealed(String value) {
    return value.startsWith(SEALED_PREFIX);
  }

  private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
    var cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  @Override
  public String toString() {
    return "MasterKey[redacted]";
  }
}
