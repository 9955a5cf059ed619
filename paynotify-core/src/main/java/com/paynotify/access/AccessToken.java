package com.paynotify.access;

import com.paynotify.notification.Fingerprint;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
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
 * @param scope the merchants it may act for; {@link MerchantScope#EVERY} unless it was scoped
 */
public record AccessToken(
    String id,
    String name,
    Role role,
    String tokenHash,
    Instant createdAt,
    String createdBy,
    @Nullable Instant revokedAt,
    MerchantScope scope) {
  /** Every issued token starts with this, so a leaked one is easy to recognise and scan for. */
  public static final String PREFIX = "pn_";

  private static final SecureRandom RANDOM = new SecureRandom();

  public AccessToken {
    if (name.isBlank() || name.length() > 100) {
      throw new IllegalArgumentException("name: must be 1 to 100 characters, got " + name.length());
    }
    if (role == Role.ADMIN && scope instanceof MerchantScope.Only) {
      // An admin manages merchants and issues tokens: a scope could not hold it.
      throw new IllegalArgumentException(
          "merchantIds: an admin token cannot be limited to merchants");
    }
  }

  /** A newly issued token and the secret to hand out once. */
  public record Issued(AccessToken token, String secret) {
    @Override
    public String toString() {
      return "Issued[" + token + ", secret=redacted]";
    }
  }

  /**
   * Issues a new token of {@code role} for every merchant; the secret in the answer is never
   * stored.
   */
  public static Issued issue(String name, Role role, String createdBy, Instant now) {
    return issue(name, role, MerchantScope.EVERY, createdBy, now);
  }

  /** Issues a new token of {@code role} that may act only within {@code scope}. */
  public static Issued issue(
      String name, Role role, MerchantScope scope, String createdBy, Instant now) {
    var secret = PREFIX + random(32);
    var token =
        new AccessToken(random(9), name.strip(), role, hash(secret), now, createdBy, null, scope);
    return new Issued(token, secret);
  }

  /** The hash a presented token is looked up by. */
  public static String hash(String secret) {
    return Fingerprint.sha256Hex(secret);
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
