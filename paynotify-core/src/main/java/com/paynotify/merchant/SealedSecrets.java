package com.paynotify.merchant;

import java.util.Optional;

/**
 * Every value a database keeps sealed under the master key (webhook secrets, channel private and
 * shared keys), whichever table holds it: what a key rotation has to seal again. Thread-safe.
 */
public interface SealedSecrets {

  /** One stored sealed value, if any is stored: enough to tell whether a key opens them. */
  Optional<SealedValue> sample();

  /**
   * Seals again, under {@code key}'s current key, every value sealed under another of its keys (and
   * any value still in plaintext). A value changed meanwhile by someone else is left as they wrote
   * it.
   *
   * @return how many values were sealed again
   * @throws IllegalStateException when a value does not open under any of {@code key}'s keys
   */
  int reseal(MasterKey key);

  /** A sealed value and the context it was sealed for. */
  record SealedValue(String sealed, String context) {

    @Override
    public String toString() {
      return "SealedValue[" + context + "]";
    }
  }
}
