package com.paynotify.payment;

import com.paynotify.notification.Notification;

/** What a payment's recording or move did about notifying its merchant. */
public sealed interface Notice {

  /**
   * The move's notification is stored and will be delivered in its order's turn.
   *
   * @param created false when one with its idempotency key was already stored
   */
  record Queued(Notification notification, boolean created) implements Notice {}

  /** The status is not one a merchant is notified of (PROCESSING, REFUNDING). */
  record Silent() implements Notice {}

  /**
   * The status is notified, but this notification was refused, by the channel's rule or the
   * merchant's state.
   */
  record Refused(String reason) implements Notice {}
}
