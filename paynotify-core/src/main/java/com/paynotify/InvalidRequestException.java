package com.paynotify;

import org.jspecify.annotations.Nullable;

/** A request field is missing or has a value Paynotify will not accept. */
public final class InvalidRequestException extends PaynotifyException {
  /** The most characters of a client's value that any message repeats. */
  public static final int MAX_ECHO = 64;

  /** Whether the field was absent or present with a bad value. */
  public enum Problem {
    MISSING,
    INVALID
  }

  private final String field;
  private final Problem problem;

  private InvalidRequestException(String field, Problem problem, String message) {
    super(message);
    this.field = field;
    this.problem = problem;
  }

  public static InvalidRequestException missing(String field) {
    return new InvalidRequestException(field, Problem.MISSING, field + ": is required");
  }

  public static InvalidRequestException invalid(String field, String reason) {
    return new InvalidRequestException(field, Problem.INVALID, field + ": " + reason);
  }

  /**
   * A client's value as a message may repeat it: quoted, and past {@value #MAX_ECHO} characters cut
   * with an ellipsis and its length, so no answer grows with what was sent.
   */
  public static String echo(@Nullable Object value) {
    var text = String.valueOf(value);
    if (text.length() <= MAX_ECHO) {
      return "'" + text + "'";
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
    return "'" + text.substring(0, end) + "…' (" + text.length() + " characters)";
  }

  public String field() {
    return field;
  }

  public Problem problem() {
    return problem;
  }
}
