package com.paynotify.server.config;

import com.paynotify.notification.CreateResult;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Times every call to the delivery queue with a {@link StoreTimer}; otherwise passes it through.
 */
final class TimedDeliveryQueue implements DeliveryQueue {
  private final DeliveryQueue queue;
  private final StoreTimer timer;

  TimedDeliveryQueue(DeliveryQueue queue, StoreTimer timer) {
    this.queue = queue;
    this.timer = timer;
  }

  /** Timed as one {@code create} call, however many it creates: one group commit is one call. */
  @Override
  public List<CreateResult> createAll(List<Notification> notifications, LeaseOffer offer) {
    return timer.timed(
        "create", () -> queue.createAll(notifications, offer), StoreTimer::outcomeOf);
  }

  @Override
  public Optional<Notification> find(String id) {
    return timer.timed("find", () -> queue.find(id));
  }

  @Override
  public List<Notification> claimDue(Instant now, int limit, Instant leaseUntil) {
    return timer.timed("claimDue", () -> queue.claimDue(now, limit, leaseUntil));
  }

  @Override
  public List<Notification> claimDue(int limit, InstantSource clock, Duration lease) {
    return timer.timed("claimDue", () -> queue.claimDue(limit, clock, lease));
  }

  @Override
  public Set<String> apply(List<Transition> transitions) {
    return timer.timed("apply", () -> queue.apply(transitions));
  }

  @Override
  public int purgeEnded(Instant completedBefore, int limit) {
    return timer.timed("purgeEnded", () -> queue.purgeEnded(completedBefore, limit));
  }
}
