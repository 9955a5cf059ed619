package com.paynotify;

import org.jspecify.annotations.Nullable;

/**
 * Which page of a list to read: at most {@code limit} items after the item whose key is {@code
 * cursor} (the {@code next} of the page before), or from the start without one. Keyset paging, so a
 * page costs the same however deep it is and an item added meanwhile is neither skipped nor
 * repeated.
 *
 * @param cursor the key of the last item already read, or null for the first page
 * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
 */
public record PageRequest(@Nullable String cursor, int limit) {
  /** The page size when none is asked for, as for a notification search. */
  public static final int DEFAULT_LIMIT = 20;

  /** The largest page, as for a notification search. */
  public static final int MAX_LIMIT = 500;

  /** No key (merchant id, token id, policy name) is longer. */
  public static final int MAX_CURSOR_LENGTH = 100;

  /**
   * @throws InvalidRequestException naming {@code limit} or {@code cursor}
   */
  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidRequestException.invalid("limit", limit + " is not between 1 and " + MAX_LIMIT);
    }
    if (cursor != null
        && (cursor.length() > MAX_CURSOR_LENGTH
            || cursor.chars().anyMatch(Character::isISOControl))) {
      throw InvalidRequestException.invalid("cursor", "is not the next of a page");
    }
  }

  /** The first page of the default size. */
  public static PageRequest first() {
    return new PageRequest(null, DEFAULT_LIMIT);
  }
}
