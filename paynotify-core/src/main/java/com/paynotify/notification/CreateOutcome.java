package com.paynotify.notification;

/** What creating a notification did: stored a new one, or found it already there. */
public sealed interface CreateOutcome {

  Notification notification();

  /** A new notification was stored. */
  record Created(Notification notification) implements CreateOutcome {}

  /** A notification with the same merchant and idempotency key was already stored. */
  record Existing(Notification notification) implements CreateOutcome {}
}
