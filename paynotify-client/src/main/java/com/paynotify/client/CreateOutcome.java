package com.paynotify.client;

/**
 * What a create did: made a new notification (201), or found the one an earlier create with the
 * same idempotency key made (200), which is what a retried create answers.
 */
public sealed interface CreateOutcome {

  Notification notification();

  /** A new notification, now waiting for its first attempt. */
  record Created(Notification notification) implements CreateOutcome {}

  /** The notification an earlier create of the same event made; nothing new was stored. */
  record Existing(Notification notification) implements CreateOutcome {}
}
