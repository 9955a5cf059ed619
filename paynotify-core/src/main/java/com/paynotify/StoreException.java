package com.paynotify;

/** The store could not be reached or failed; the operation may be repeated. */
public final class StoreException extends PaynotifyException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
