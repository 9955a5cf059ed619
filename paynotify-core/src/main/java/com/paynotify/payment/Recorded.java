package com.paynotify.payment;

/** What recording a payment did. */
public sealed interface Recorded {

  Payment payment();

  /** The payment was stored, with what its first status notified. */
  record Created(Payment payment, StatusChange change, Notice notice) implements Recorded {}

  /** The same payment was already stored under that id; nothing changed. */
  record Existing(Payment payment) implements Recorded {}
}
