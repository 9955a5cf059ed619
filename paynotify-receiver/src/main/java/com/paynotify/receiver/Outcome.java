package com.paynotify.receiver;

/**
 * What the receiver did with one delivery. Each outcome is counted by {@link ReceiverMetrics}; only
 * {@link #PROCESSED}, {@link #TAKEN_OVER} and {@link #DUPLICATE_DONE} answer with the channel's
 * success.
 */
public enum Outcome {
  /** First delivery: the handler ran and the record is DONE. */
  PROCESSED,
  /**
   * A crashed owner's lease had lapsed: this delivery took the record over, ran and completed it.
   */
  TAKEN_OVER,
  /** The notification was already DONE: success without running the handler. */
  DUPLICATE_DONE,
  /** Another delivery still holds the record after the bounded wait: a retryable failure. */
  DUPLICATE_IN_PROGRESS,
  /** The handler threw: the record was released and the reply is a retryable failure. */
  RELEASED_ON_FAILURE,
  /** Same dedup key, different order, status or amount: refused, handler not run. */
  MISMATCH,
  /**
   * The handler finished after its lease lapsed and another delivery took the record over: this
   * completion was refused, the new owner's record stands.
   */
  LEASE_LOST,
  /**
   * The callback failed verification (signature, timestamp, format) or its body was over the
   * receiver's {@linkplain NotificationReceiver.Builder#maxBodyBytes size limit}.
   */
  REJECTED,
  /** The merchant's {@link NotificationCheck} refused the event before the handler. */
  REFUSED,
  /**
   * The merchant's {@link NotificationCheck} threw: a retryable failure, nothing claimed and the
   * handler not run.
   */
  CHECK_FAILED,
  /**
   * The receiver was {@linkplain NotificationReceiver#close() closed}: a retryable failure, so the
   * sender delivers again (to another instance, or after a restart); nothing claimed.
   */
  CLOSED,
  /** The idempotency store failed: a retryable failure, the sender comes back. */
  STORE_FAILURE;

  /** Whether the reply of this outcome acknowledges the notification to the sender. */
  public boolean acknowledged() {
    return this == PROCESSED || this == TAKEN_OVER || this == DUPLICATE_DONE;
  }
}
