package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.PageRequest;
import org.jspecify.annotations.Nullable;

/**
 * The {@code limit} and {@code cursor} query parameters of the lists of merchants, tokens and
 * policies. Read as text, so a limit that is not a number is a 422 naming {@code limit} like one
 * out of range, not Spring's generic type mismatch.
 */
final class PageParameters {
  static final String LIMIT_DOC = "How many items at most, 1 to 500; 20 by default";
  static final String CURSOR_DOC = "The next of the page before; the first page without it";

  private PageParameters() {}

  static PageRequest of(@Nullable String limit, @Nullable String cursor) {
    return new PageRequest(
        cursor == null || cursor.isBlank() ? null : cursor.strip(), limit(limit));
  }

  private static int limit(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return PageRequest.DEFAULT_LIMIT;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw InvalidRequestException.invalid(
          "limit",
          InvalidRequestException.echo(text)
              + " is not a number between 1 and "
              + PageRequest.MAX_LIMIT);
    }
  }
}
