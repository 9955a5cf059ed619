package com.paynotify.server.ingest;

import com.paynotify.ConflictException;
import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.RefusedValueException;
import com.paynotify.server.api.MalformedRequestException;
import com.paynotify.server.api.UnknownFieldException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Why a message can never become a notification or a payment write, in the API's error codes (an
 * illegal payment move is {@code CONFLICT}, a move of no such payment {@code NOT_FOUND}), carried
 * in the dead-lettered copy's headers. The message repeats only cut copies of values (as the API's
 * do), never a key or token.
 *
 * @param code the API's error code: {@code MALFORMED_REQUEST}, {@code UNKNOWN_FIELD}, {@code
 *     MISSING_FIELD}, {@code INVALID_VALUE}, {@code CONFLICT}, {@code NOT_FOUND}
 * @param field the request field at fault, when there is one
 * @param message what is wrong, in English
 */
public record Rejection(String code, @Nullable String field, String message) {
  public static final String CODE_HEADER = "paynotify-error";
  public static final String FIELD_HEADER = "paynotify-error-field";
  public static final String MESSAGE_HEADER = "paynotify-error-message";
  private static final int MAX_MESSAGE = 1_000;

  public Rejection {
    message = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
  }

  /**
   * The rejection a failure means, or empty when repeating the message may succeed (the database is
   * down, or a fault of Paynotify's own): that message is held and tried again, never
   * dead-lettered.
   */
  public static Optional<Rejection> of(RuntimeException failure) {
    return Optional.ofNullable(
        switch (failure) {
          case MalformedRequestException e ->
              new Rejection("MALFORMED_REQUEST", null, e.getMessage());
          case UnknownFieldException e -> new Rejection("UNKNOWN_FIELD", e.field(), e.getMessage());
          case InvalidRequestException e
              when e.problem() == InvalidRequestException.Problem.MISSING ->
              new Rejection("MISSING_FIELD", e.field(), e.getMessage());
          case InvalidRequestException e ->
              new Rejection("INVALID_VALUE", e.field(), e.getMessage());
          // The idempotency key names an existing notification with another body: repeating cannot
          // change that.
          case ConflictException e -> new Rejection("CONFLICT", null, e.getMessage());
          case RefusedValueException e -> new Rejection("INVALID_VALUE", e.field(), e.getMessage());
          case NotFoundException e -> new Rejection("NOT_FOUND", null, e.getMessage());
          // An IllegalArgumentException is a bug, as the API answers it with 500: held, not
          // dead-lettered.
          default -> null;
        });
  }

  /** The headers of the dead-lettered copy, the field left out when there is none. */
  public Map<String, String> headers() {
    var headers = new LinkedHashMap<String, String>();
    headers.put(CODE_HEADER, code);
    if (field != null) {
      headers.put(FIELD_HEADER, field);
    }
    headers.put(MESSAGE_HEADER, message);
    return headers;
  }
}
