package com.paynotify;

import com.paynotify.notification.Notification;

/**
 * Hears what the API side of {@link Paynotify} does to notifications, for metrics and alerts;
 * delivery outcomes are a {@link com.paynotify.delivery.DeliveryListener}'s. Called after the
 * change is stored; must be fast and never throw.
 */
public interface NotificationListener {
  /** A listener that ignores everything. */
  NotificationListener NONE = new NotificationListener() {};

  /** A new notification was stored (not called when an idempotent create found an existing one). */
  default void created(Notification notification) {}

  /** An operator abandoned a notification that was not already abandoned. */
  default void abandoned(Notification notification) {}
}
