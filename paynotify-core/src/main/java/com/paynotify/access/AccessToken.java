package com.paynotify.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * An API token an admin issued. Only the SHA-256 of the token is kept: the token itself has 256
 * random bits, so a plain hash is enough to make a leaked table useless, and it is shown once, when
 * it is issued.
 *
 * @param id a short public handle, used to list and revoke the token
 * @param name what the token is for ("checkout-service"); shown in the audit log
 * @param tokenHash lower-case hex SHA-256 of the token's UTF-8 bytes
 * @param revokedAt when it stopped working, or null while it works
 */
public record AccessToken(
    String id, String name, Role role, String tokenHash, Instant createdAt, String createdBy, @Nullable Instant revokedAt) {
  /** Every issued token starts with this, so a leaked one is easy to recognise and scan for. */
  public static final String PREFIX = "pn_";
  private static final SecureRandom RANDOM = new SecureRandom();

  public AccessToken {
    if (name.isBlank() || name.length() > 100) {
      throw new IllegalArgumentException("name: must be 1 to 100 characters, got " + name.length());
    }
  }

  /** A newly issued token and the secret to hand out once. */
  public record Issued(AccessToken token, String secret) {
    @Override
    public String toString() {
      return "Issued[" + token + ", secret=redacted]";
    }
  }

  /** Issues a new token of {@code role}; the secret in the answer is never stored. */
  public static Issued issue(String name, Role role, String createdBy, Instant now) {
    var secret = PREFIX + random(32);
    var token = new AccessToken(random(9), name.strip(), role, hash(secret), now, createdBy, null);
    return new Issued(token, secret);
  }

  /** The hash a presented token is looked up by. */
  public static String hash(String secret) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }

  private static String random(int bytes) {
    var buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }
}
