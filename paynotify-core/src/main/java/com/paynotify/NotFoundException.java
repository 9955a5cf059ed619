package com.paynotify;

/** The named notification, merchant or policy does not exist. */
public final class NotFoundException extends PaynotifyException {

  public NotFoundException(String what, String id) {
    super(what + " " + InvalidRequestException.echo(id) + " not found");
  }
}
