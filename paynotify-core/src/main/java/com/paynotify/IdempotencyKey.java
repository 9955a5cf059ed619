package com.paynotify;

import org.jspecify.annotations.Nullable;

/**
 * The rule every idempotency key passes, a notification create's and a payment move's alike: not
 * blank, at most {@value #MAX_LENGTH} characters, no control characters.
 */
public final class IdempotencyKey {
  /** As long as a key may be; the columns that store keys hold it. */
  public static final int MAX_LENGTH = 128;

  private IdempotencyKey() {}

  /**
   * Checks a key given under {@code field}.
   *
   * @throws InvalidRequestException naming {@code field} when the key is blank, too long or holds a
   *     control character
   */
  public static String check(String field, @Nullable String key) {
    if (key == null || key.isBlank()) {
      throw InvalidRequestException.missing(field);
    }
    if (key.length() > MAX_LENGTH) {
      throw InvalidRequestException.invalid(
          field, "at most " + MAX_LENGTH + " characters, got " + key.length());
    }
    if (key.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid(field, "must not contain control characters");
    }
    return key;
  }
}
