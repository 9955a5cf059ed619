package com.paynotify.testkit;

import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationReports;
import java.util.List;

/**
 * The delivery queue and the reports over one set of stored notifications, as the contracts test
 * them together: what the queue writes, the reports read.
 */
public record NotificationStores(DeliveryQueue queue, NotificationReports reports) {

  /**
   * Stores one notification, leased to nobody, as the engine's bulk create would; the one already
   * stored under its merchant and idempotency key comes back {@link CreateOutcome.Existing}.
   */
  public CreateOutcome create(Notification notification) {
    return queue.createAll(List.of(notification), LeaseOffer.NONE).getFirst().orThrow();
  }
}
