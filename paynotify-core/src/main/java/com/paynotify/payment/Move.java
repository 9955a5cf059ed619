package com.paynotify.payment;

import com.paynotify.channel.PaymentStatus;

/** What the state machine makes of an asked move ({@link PaymentMoves#decide}). */
public sealed interface Move {

  /** The payment moves: its next value and the history entry that records it. */
  record Advance(Payment next, StatusChange change) implements Move {}

  /** The asked status is the payment's already: nothing changes, nothing is notified. */
  record Repeat(Payment current) implements Move {}

  /** The state machine has no such move from the current status. */
  record Illegal(Payment current, PaymentStatus asked) implements Move {}
}
