package com.paynotify.merchant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The AES-256 key that encrypts private and shared keys at rest (AES-GCM, a fresh 12-byte nonce per
 * value), and during a rotation the previous keys still accepted for opening. A sealed value names
 * the key that sealed it by its {@link #id() id} and is bound to its context, such as {@code
 * merchant/m1/webhook_secret}, so it cannot be moved to another row or column and still open.
 * Thread-safe; never shows a key.
 */
public final class MasterKey {
  /**
   * The prefix of a sealed value: AES-256-GCM, format version 2, {@code enc2:<key id>:<base64>}.
   */
  public static final String SEALED_PREFIX = "enc2:";

  /** The prefix of format version 1, which does not name its key: still opened, never written. */
  public static final String UNNAMED_PREFIX = "enc1:";

  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
  private static final byte[] KEY_ID_LABEL =
      "paynotify master key id".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One AES key and its id. */
  private record Key(SecretKeySpec spec, String id) {
    static Key of(byte[] bytes) {
      var spec = new SecretKeySpec(bytes, "AES");
      try {
        // A MAC of a fixed label under the key: naming the key reveals nothing that helps to find
        // it.
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
        return new Key(spec, HexFormat.of().formatHex(mac.doFinal(KEY_ID_LABEL), 0, 8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", e);
      }
    }

    @Override
    public String toString() {
      return "Key[" + id + "]";
    }
  }

  private final Key current;

  /** The current key first, then the previous ones, each once. */
  private final List<Key> keys;

  private MasterKey(Key current, List<Key> keys) {
    this.current = current;
    this.keys = List.copyOf(keys);
  }

  private MasterKey(byte[] key) {
    this(Key.of(key), List.of(Key.of(key)));
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
      throw new IllegalArgumentException(
          "master key: not base64 (expected the base64 of 32 random bytes)");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "master key: must be the base64 of 32 bytes (AES-256), got " + bytes.length + " bytes");
    }
    return new MasterKey(bytes);
  }

  /**
   * This key for sealing, and besides its own keys those of {@code previous} for opening: what a
   * node runs with while the values sealed under an older key are {@link KeyCheck#reseal sealed
   * again}.
   */
  public MasterKey withPrevious(List<MasterKey> previous) {
    var all = new ArrayList<>(keys);
    for (var key : previous) {
      for (var candidate : key.keys) {
        if (all.stream().noneMatch(known -> known.id().equals(candidate.id()))) {
          all.add(candidate);
        }
      }
    }
    return new MasterKey(current, all);
  }

  /**
   * The id of the key that seals: 16 hex digits derived from the key by HMAC-SHA256, safe to show
   * and log; it says which key sealed a value, not what the key is.
   */
  public String id() {
    return current.id();
  }

  /** The ids of every key this one opens with, the sealing key first. */
  public List<String> ids() {
    return keys.stream().map(Key::id).toList();
  }

  /** The key that seals as base64, to be written where it is kept; nowhere else. */
  public String reveal() {
    return Base64.getEncoder().encodeToString(current.spec().getEncoded());
  }

  /**
   * Encrypts {@code plaintext} for {@code context} under the current key: {@code enc2:} + key id +
   * {@code :} + base64(nonce, ciphertext, tag).
   */
  public String seal(String plaintext, String context) {
    var nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      var cipher = cipher(current, Cipher.ENCRYPT_MODE, nonce, context);
      var sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      var out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return SEALED_PREFIX + current.id() + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /**
   * Decrypts a value {@link #seal sealed} for the same {@code context}, under the key it names (any
   * key of this one, for a value of format 1).
   *
   * @throws IllegalStateException when the value was sealed under a master key this one does not
   *     hold, or under another context, or was altered
   */
  public String open(String sealed, String context) {
    if (sealed.startsWith(SEALED_PREFIX)) {
      var id = keyIdOf(sealed);
      if (id == null) {
        throw cannotOpen(context);
      }
      var named = keys.stream().filter(key -> key.id().equals(id)).toList();
      if (named.isEmpty()) {
        throw new IllegalStateException(
            "cannot decrypt the stored value of "
                + context
                + ": it was encrypted under "
                + "another master key (id "
                + id
                + "), not under "
                + (keys.size() == 1 ? "this one (id " : "these (ids ")
                + String.join(", ", ids())
                + ")");
      }
      return decrypt(named, sealed.substring(SEALED_PREFIX.length() + id.length() + 1), context);
    }
    if (sealed.startsWith(UNNAMED_PREFIX)) {
      return decrypt(keys, sealed.substring(UNNAMED_PREFIX.length()), context);
    }
    throw new IllegalStateException("the stored value of " + context + " is not encrypted");
  }

  /**
   * Whether {@code sealed} was sealed under the key that seals now, so sealing it again would
   * change nothing.
   */
  public boolean isCurrent(String sealed) {
    return sealed.startsWith(SEALED_PREFIX + current.id() + ":");
  }

  /** Whether {@code value} is in a sealed form, as opposed to legacy plaintext. */
  public static boolean isSealed(String value) {
    return value.startsWith(SEALED_PREFIX) || value.startsWith(UNNAMED_PREFIX);
  }

  /** The id of the key a value of format 2 names, or null for any other value. */
  public static @Nullable String keyIdOf(String sealed) {
    if (!sealed.startsWith(SEALED_PREFIX)) {
      return null;
    }
    int end = sealed.indexOf(':', SEALED_PREFIX.length());
    if (end < 0) {
      return null;
    }
    var id = sealed.substring(SEALED_PREFIX.length(), end);
    return KEY_ID.matcher(id).matches() ? id : null;
  }

  private static String decrypt(List<Key> candidates, String base64, String context) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw cannotOpen(context);
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw cannotOpen(context);
    }
    for (var key : candidates) {
      try {
        var cipher = cipher(key, Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), context);
        var plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        return new String(plain, StandardCharsets.UTF_8);
      } catch (GeneralSecurityException e) {
        // Not this key (or altered): the next candidate may open it.
      }
    }
    throw cannotOpen(context);
  }

  private static IllegalStateException cannotOpen(String context) {
    return new IllegalStateException(
        "cannot decrypt the stored value of "
            + context
            + ": it was encrypted under another master key, or altered");
  }

  private static Cipher cipher(Key key, int mode, byte[] nonce, String context)
      throws GeneralSecurityException {
    var cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key.spec(), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  @Override
  public String toString() {
    return "MasterKey[redacted]";
  }
}
