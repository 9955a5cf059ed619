package com.paynotify.channel;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: 24 to 64 random bytes, written {@code whsec_<base64>}. Its
 * {@link #toString()} never shows the key.
 */
public final class WebhookSecret {
  private static final String PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key.clone();
  }

  /** Makes a fresh secret of 32 random bytes. */
  public static WebhookSecret generate() {
    var key = new byte[32];
    RANDOM.nextBytes(key);
    return new WebhookSecret(key);
  }

  /** Reads a {@code whsec_...} secret; the prefix is optional, as the official libraries allow. */
  public static WebhookSecret parse(String text) {
    var encoded = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "webhook secret: not valid base64 after the whsec_ prefix");
    }
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException(
          "webhook secret: must decode to 24 to 64 bytes, got " + key.length);
    }
    return new WebhookSecret(key);
  }

  /** The secret as the merchant configures it: {@code whsec_} + base64. */
  public String reveal() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSecret other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "WebhookSecret[redacted]";
  }
}
