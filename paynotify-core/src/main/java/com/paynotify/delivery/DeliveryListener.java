package com.paynotify.delivery;

import com.paynotify.notification.Attempt;
import com.paynotify.notification.Notification;

/**
 * Hears what the dispatcher does, for metrics and logs. Methods are called on delivery threads and
 * must be fast and never throw.
 */
public interface DeliveryListener {
  /** A listener that ignores everything. */
  DeliveryListener NONE = new DeliveryListener() {};

  /** A batch of due notifications was claimed. */
  default void claimed(int count) {}

  /** An attempt finished; {@code next} is the state written for it. */
  default void attempted(Notification next, Attempt attempt) {}

  /** A claimed notification was put back without an attempt (host backed off or busy). */
  default void deferred(Notification notification) {}

  /** The store failed during a claim or a write; the dispatcher keeps running. */
  default void storeFailed(RuntimeException failure) {}
}
