package com.paynotify;

/** The request clashes with the current state: a reused idempotency key, a retry of a success. */
public final class ConflictException extends PaynotifyException {

  public ConflictException(String message) {
    super(message);
  }
}
