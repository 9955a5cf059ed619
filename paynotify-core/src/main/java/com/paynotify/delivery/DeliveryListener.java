package com.paynotify.delivery;

import com.paynotify.notification.Attempt;
import com.paynotify.notification.Notification;
import java.util.List;

/**
 * Hears what the dispatcher does, for metrics and logs. Methods are called on delivery threads and
 * must be fast and never throw.
 */
public interface DeliveryListener {
  /** A listener that ignores everything. */
  DeliveryListener NONE = new DeliveryListener() {};

  /** A listener that tells each of {@code listeners}, in order. */
  static DeliveryListener all(List<? extends DeliveryListener> listeners) {
    var each = List.copyOf(listeners);
    return new DeliveryListener() {
      @Override
      public void claimed(int count) {
        each.forEach(l -> l.claimed(count));
      }

      @Override
      public void attempted(Notification next, Attempt attempt) {
        each.forEach(l -> l.attempted(next, attempt));
      }

      @Override
      public void deferred(Notification notification) {
        each.forEach(l -> l.deferred(notification));
      }

      @Override
      public void storeFailed(RuntimeException failure) {
        each.forEach(l -> l.storeFailed(failure));
      }
    };
  }

  /** A batch of due notifications was claimed. */
  default void claimed(int count) {}

  /** An attempt finished; {@code next} is the state written for it. */
  default void attempted(Notification next, Attempt attempt) {}

  /** A claimed notification was put back without an attempt (host backed off or busy). */
  default void deferred(Notification notification) {}

  /** The store failed during a claim or a write; the dispatcher keeps running. */
  default void storeFailed(RuntimeException failure) {}
}
