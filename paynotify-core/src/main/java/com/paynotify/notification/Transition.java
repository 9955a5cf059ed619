package com.paynotify.notification;

import org.jspecify.annotations.Nullable;

/**
 * A change to write: the notification's next state, applied only if the stored version still
 * equals {@code next.version()}, plus the attempt that caused it, if any. The store bumps the
 * version when it applies the change.
 *
 * @param previous the stored state {@code next} was computed from (the one of version {@code
 *     next.version()}), so a store keeping statistics can take back an ending that a retry undoes;
 *     required when that state may have ended (an operator's retry or abandon), null when it was
 *     PENDING or DELIVERING (a claimed notification's result)
 */
public record Transition(Notification next, @Nullable Attempt attempt, @Nullable Notification previous) {

  public Transition {
    if (previous != null && !previous.id().equals(next.id())) {
      throw new IllegalArgumentException(
          "previous: notification " + previous.id() + " is not the next state's " + next.id());
    }
  }

  /** A change with its attempt, from a PENDING or DELIVERING state. */
  public Transition(Notification next, @Nullable Attempt attempt) {
    this(next, attempt, null);
  }

  /** A change without an attempt, from a PENDING or DELIVERING state. */
  public static Transition of(Notification next) {
    return new Transition(next, null, null);
  }

  /** A change without an attempt from {@code previous}, which may have ended. */
  public static Transition from(Notification previous, Notification next) {
    return new Transition(next, null, previous);
  }
}
