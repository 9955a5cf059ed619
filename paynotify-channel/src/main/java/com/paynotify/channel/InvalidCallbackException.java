package com.paynotify.channel;

/**
 * A received callback failed a check. The message names the check and never contains key material.
 */
public final class InvalidCallbackException extends RuntimeException {

  /** Which check a callback failed. */
  public enum Check {
    /** A required header or field is missing, or the body does not parse. */
    MALFORMED,
    /** The signed timestamp is outside the tolerance: a replay or a badly skewed clock. */
    TIMESTAMP,
    /** No configured key accepts the signature, or the signature names another key or type. */
    SIGNATURE,
    /** The signature held but no configured key decrypts the resource (WeChat Pay v3). */
    DECRYPT
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
