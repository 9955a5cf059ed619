package com.paynotify.payment;

import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationRequest;

/**
 * The notification engine's create path as payments use it: the same checks and defaults as {@link
 * com.paynotify.Paynotify#create}, but the storing left to the payment's own transaction.
 */
public interface NotificationIntake {

  /**
   * Checks a request and builds its notification, due now; nothing is stored.
   *
   * @throws com.paynotify.InvalidRequestException naming the field that is wrong
   */
  Notification prepare(NotificationRequest request);

  /** Told of a notification a payment's transaction stored, once committed. */
  void stored(Notification created);
}
