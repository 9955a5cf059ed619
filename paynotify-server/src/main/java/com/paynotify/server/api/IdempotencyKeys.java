package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Idempotency-Key} request header of the IETF httpapi draft, as the {@code
 * idempotencyKey} of a create. The draft writes the key as a structured-field string ({@code
 * "8e03978e…"}, quoted); a bare token is taken as well. A create that gives the key in both the
 * header and the body must give the same key. The draft answers a key reused with a different
 * payload with 422, where the body field has always answered 409 (DESIGN.md): which answer a client
 * gets follows where it put the key. The draft's 409 for a request still in flight with the same
 * key never arises: a create is one transaction, so a concurrent repeat either finds the committed
 * notification or waits on the database's unique key until it is committed.
 */
final class IdempotencyKeys {
  static final String HEADER = "Idempotency-Key";

  private IdempotencyKeys() {}

  /** The header's key, unquoted; null when the header is absent. */
  static @Nullable String fromHeader(@Nullable String header) {
    if (header == null) {
      return null;
    }
    var key = header.strip();
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if (key.isBlank()) {
      throw InvalidRequestException.invalid(HEADER, "must not be empty");
    }
    if (key.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid(HEADER, "must not contain control characters");
    }
    return key;
  }

  /** The create's key: the body's or the header's; both given must agree. */
  static @Nullable String of(@Nullable String body, @Nullable String header) {
    if (header == null) {
      return body;
    }
    if (body != null && !body.equals(header)) {
      throw InvalidRequestException.invalid(
          "idempotencyKey",
          InvalidRequestException.echo(body)
              + " differs from the "
              + HEADER
              + " header; send one of them, or the same key in both");
    }
    return header;
  }

  /** A key from the header was used before for a different notification: 422, as the draft says. */
  static final class ReusedException extends RuntimeException {
    ReusedException(String message) {
      super(message);
    }
  }
}
