package com.paynotify.merchant;

/**
 * The database's key check: a value sealed under the master key, written once by the first node
 * that starts on the database. A node whose key does not open it must not start; a key rotation
 * {@link #reseal seals every secret again} under the new key and then rewrites the check, after
 * which the old key may be dropped. Thread-safe.
 */
public final class KeyCheck {
  static final String CONTEXT = "master_key_check";
  private static final String PLAINTEXT = "paynotify master key check";

  private final KeyCheckStore store;
  private final SealedSecrets secrets;

  public KeyCheck(KeyCheckStore store, SealedSecrets secrets) {
    this.store = store;
    this.secrets = secrets;
  }

  /** What {@link #verifyOrWrite} found. */
  public enum Outcome {
    /** The database had no check; this key's is stored now. */
    WRITTEN,
    /** The database's check opens under this key. */
    VERIFIED
  }

  /** What {@link #reseal} did. */
  public record Resealed(int values, String keyId) {}

  /** Whether the database holds a check, so that a key was chosen for it already. */
  public boolean isWritten() {
    return store.find().isPresent();
  }

  /**
   * Verifies that {@code key} opens the database's check, or writes the check when there is none.
   * Of several nodes starting at once on an empty database, one writes its check and the others
   * verify theirs against it. Before the first check is written, a secret stored already (by a
   * version before the check existed) must open under {@code key} too.
   *
   * @throws MasterKeyMismatchException when {@code key} opens neither
   */
  public Outcome verifyOrWrite(MasterKey key) {
    var stored = store.find();
    if (stored.isPresent()) {
      verify(key, stored.get());
      return Outcome.VERIFIED;
    }
    var sample = secrets.sample();
    if (sample.isPresent() && !opens(key, sample.get().sealed(), sample.get().context())) {
      throw new MasterKeyMismatchException(
          key, MasterKey.keyIdOf(sample.get().sealed()), "the secrets already stored in it");
    }
    if (store.insert(key.seal(PLAINTEXT, CONTEXT))) {
      return Outcome.WRITTEN;
    }
    verify(
        key,
        store
            .find()
            .orElseThrow(() -> new IllegalStateException("the key check was written and is gone")));
    return Outcome.VERIFIED;
  }

  /**
   * Seals every stored secret again under {@code key}'s current key, then rewrites the check under
   * it, so the previous keys may be dropped. Safe to repeat, and to run on several nodes at once.
   * Every node that writes secrets must already seal under the new key, or what it writes meanwhile
   * stays under the old one (a second run seals it again).
   *
   * @throws MasterKeyMismatchException when {@code key} does not open the database's check
   * @throws IllegalStateException when the database has no check yet
   */
  public Resealed reseal(MasterKey key) {
    var stored =
        store
            .find()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the database holds no key check yet: a node writes it when it starts"));
    verify(key, stored);
    int values = secrets.reseal(key);
    if (!key.isCurrent(stored) && !store.replace(stored, key.seal(PLAINTEXT, CONTEXT))) {
      // Another reseal rewrote it first; it must still be one this key opens.
      verify(
          key,
          store.find().orElseThrow(() -> new IllegalStateException("the key check was removed")));
    }
    return new Resealed(values, key.id());
  }

  private static void verify(MasterKey key, String check) {
    if (!opens(key, check, CONTEXT)) {
      throw new MasterKeyMismatchException(key, MasterKey.keyIdOf(check), "its key check");
    }
  }

  private static boolean opens(MasterKey key, String sealed, String context) {
    try {
      key.open(sealed, context);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }
}
