package com.paynotify;

/** A request field is missing or has a value Paynotify will not accept. */
public final class InvalidRequestException extends PaynotifyException {

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

  public String field() {
    return field;
  }

  public Problem problem() {
    return problem;
  }
}
