package com.paynotify.channel;

/**
 * A received callback failed a check. The message names the check and never contains key
 * material.
 */
public final class InvalidCallbackException extends RuntimeException {

  /** Which check a callback failed. */
  public enum Check {
    MALFORMED,
    TIMESTAMP,
    SIGNATURE
  }

  private final Check check;

  public InvalidCallbackException(Check check, String message) {
    super(check + ": " + message);
    this.check = check;
  }

  public Check check() {
    return check;
  }
}
