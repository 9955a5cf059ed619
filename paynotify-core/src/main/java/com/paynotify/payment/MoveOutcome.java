package com.paynotify.payment;

/** What a status update did to a payment. */
public sealed interface MoveOutcome {

  Payment payment();

  /** The payment moved, recorded as {@code change}, with what the move notified. */
  record Moved(Payment payment, StatusChange change, Notice notice) implements MoveOutcome {}

  /** The payment already had the status: nothing was written or notified. */
  record Unchanged(Payment payment) implements MoveOutcome {}
}
