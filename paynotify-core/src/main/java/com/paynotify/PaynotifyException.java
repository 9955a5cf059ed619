package com.paynotify;

/** The root of Paynotify's own unchecked exceptions. Messages never contain keys or tokens. */
public abstract class PaynotifyException extends RuntimeException {

  protected PaynotifyException(String message) {
    super(message);
  }

  protected PaynotifyException(String message, Throwable cause) {
    super(message, cause);
  }
}
