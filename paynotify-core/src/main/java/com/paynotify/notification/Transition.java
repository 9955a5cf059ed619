package com.paynotify.notification;

import org.jspecify.annotations.Nullable;

/**
 * A change to write: the notification's next state, applied only if the stored version still
 * equals {@code next.version()}, plus the attempt that caused it, if any. The store bumps the
 * version when it applies the change.
 */
public record Transition(Notification next, @Nullable Attempt attempt) {

  public static Transition of(Notification next) {
    return new Transition(next, null);
  }
}
