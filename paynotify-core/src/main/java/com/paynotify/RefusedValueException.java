package com.paynotify;

import org.jspecify.annotations.Nullable;

/**
 * The database refused a value: too long for its column, out of its type's range, or against a
 * constraint. The request is at fault, not the database, so unlike {@link StoreException} this is
 * no outage and repeating the request cannot help. Requests are checked before they reach the
 * store; this is the net under those checks.
 */
public final class RefusedValueException extends PaynotifyException {
  private final @Nullable String field;

  /**
   * @param field the request field the refused column holds, when the database named the column
   */
  public RefusedValueException(@Nullable String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  public @Nullable String field() {
    return field;
  }
}
