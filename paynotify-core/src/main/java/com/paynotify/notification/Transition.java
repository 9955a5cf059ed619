package com.paynotify.notification;

/**
 * A change to write: the notification's next state, applied only if the stored version still equals
 * {@code next.version()}; the store bumps the version when it applies it. Which kind of change it
 * is tells the store what else to record: an attempt's row and timings, nothing, or the taking back
 * of an ending a retry undoes.
 */
public sealed interface Transition
    permits Transition.Attempted, Transition.Deferred, Transition.Changed {

  /** The state to write. */
  Notification next();

  /** A claimed notification's result after an HTTP attempt, recorded with it. */
  static Transition attempted(Notification next, Attempt attempt) {
    return new Attempted(next, attempt);
  }

  /**
   * A claimed notification put back without an attempt (its host was busy, its lease ran short).
   */
  static Transition deferred(Notification next) {
    return new Deferred(next);
  }

  /** An operator's change of {@code previous}, the stored state, which may have ended. */
  static Transition changed(Notification previous, Notification next) {
    return new Changed(previous, next);
  }

  /** A claimed notification's result after an HTTP attempt, recorded with it. */
  record Attempted(Notification next, Attempt attempt) implements Transition {
    public Attempted {
      if (!attempt.notificationId().equals(next.id())) {
        throw new IllegalArgumentException(
            "attempt: of notification " + attempt.notificationId() + ", not of " + next.id());
      }
    }
  }

  /** A claimed notification put back PENDING without an attempt, due again at its next attempt. */
  record Deferred(Notification next) implements Transition {
    public Deferred {
      if (next.status() != NotificationStatus.PENDING) {
        throw new IllegalArgumentException(
            "next: a deferred notification is PENDING, not "
                + next.status()
                + " ("
                + next.id()
                + ")");
      }
    }
  }

  /**
   * An operator's change (retry, abandon) of the stored state {@code previous}, of the same version
   * as {@code next}, so a store keeping statistics can take back an ending that a retry undoes.
   */
  record Changed(Notification previous, Notification next) implements Transition {
    public Changed {
      if (!previous.id().equals(next.id())) {
        throw new IllegalArgumentException(
            "previous: notification " + previous.id() + " is not the next state's " + next.id());
      }
      if (previous.version() != next.version()) {
        throw new IllegalArgumentException(
            "previous: version "
                + previous.version()
                + " is not the one the next state of "
                + next.id()
                + " was computed from ("
                + next.version()
                + ")");
      }
    }
  }
}
