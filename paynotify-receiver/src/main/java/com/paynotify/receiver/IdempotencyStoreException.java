package com.paynotify.receiver;

/**
 * The idempotency store failed (database or Redis down, SQL error). The receiver answers such a
 * delivery with the channel's retryable failure, so the sender comes back.
 */
public final class IdempotencyStoreException extends RuntimeException {

  public IdempotencyStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public IdempotencyStoreException(String message) {
    super(message);
  }
}
