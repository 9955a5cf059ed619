package com.paynotify.server.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes of configured users: {@code {pbkdf2}<iterations>:<base64 salt>:<base64 hash>}
 * (PBKDF2 with HMAC-SHA256, 256-bit), or {@code {noop}<password>} for development only. Make a hash
 * with {@code java -cp paynotify-server.jar -Dloader.main=com.paynotify.server.security.Passwords
 * org.springframework.boot.loader.launch.PropertiesLauncher 'the password'}.
 */
public final class Passwords {
  static final int ITERATIONS = 210_000;
  private static final String PBKDF2 = "{pbkdf2}";
  private static final String NOOP = "{noop}";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: Passwords <password>");
      System.exit(2);
    }
    System.out.println(hash(args[0]));
  }

  /** A new salted hash of {@code password}. */
  public static String hash(String password) {
    var salt = new byte[16];
    RANDOM.nextBytes(salt);
    var encoder = Base64.getEncoder();
    return PBKDF2 + ITERATIONS + ":" + encoder.encodeToString(salt) + ":"
        + encoder.encodeToString(pbkdf2(password, salt, ITERATIONS));
  }

  /** Checks a stored hash's form, so a mistyped one stops the server instead of every login. */
  static void requireValid(String field, String stored) {
    if (stored.startsWith(NOOP)) {
      return;
    }
    var parts = stored.startsWith(PBKDF2) ? stored.substring(PBKDF2.length()).split(":") : new String[0];
    try {
      if (parts.length == 3 && Integer.parseInt(parts[0]) > 0
          && Base64.getDecoder().decode(parts[1]).length > 0 && Base64.getDecoder().decode(parts[2]).length == 32) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        field + ": must be {pbkdf2}<iterations>:<base64 salt>:<base64 hash> (make one with Passwords) or {noop}<password>");
  }

  /** Whether {@code presented} is the password {@code stored} was made from; constant time in the hash. */
  public static boolean matches(String stored, String presented) {
    if (stored.startsWith(NOOP)) {
      return MessageDigest.isEqual(
          stored.substring(NOOP.length()).getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
    if (!stored.startsWith(PBKDF2)) {
      throw new IllegalArgumentException("password: must start with {pbkdf2} or {noop}");
    }
    var parts = stored.substring(PBKDF2.length()).split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("password: a {pbkdf2} hash is <iterations>:<salt>:<hash>");
    }
    var decoder = Base64.getDecoder();
    var expected = decoder.decode(parts[2]);
    return MessageDigest.isEqual(expected, pbkdf2(presented, decoder.decode(parts[1]), Integer.parseInt(parts[0])));
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
    }
  }
}
