package com.paynotify;

/** The named notification, merchant or policy does not exist. */
public final class NotFoundException extends PaynotifyException {
  private final String what;
  private final String id;

  public NotFoundException(String what, String id) {
    super(what + " " + InvalidRequestException.echo(id) + " not found");
    this.what = what;
    this.id = id;
  }

  /** The kind of thing looked for, as "notification" or "retry policy". */
  public String what() {
    return what;
  }

  public String id() {
    return id;
  }
}
