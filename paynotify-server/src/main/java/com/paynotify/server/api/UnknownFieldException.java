package com.paynotify.server.api;

/**
 * A request body has a field its endpoint does not take: a 400 naming it, never silently ignored.
 */
public final class UnknownFieldException extends RuntimeException {
  private final String field;
  private final String known;

  /**
   * @param field the field as the message may show it (cut when long)
   * @param known the fields the endpoint takes, as the message lists them
   */
  UnknownFieldException(String field, String known) {
    super(field + ": unknown field; expected one of " + known);
    this.field = field;
    this.known = known;
  }

  public String field() {
    return field;
  }

  String known() {
    return known;
  }
}
