package com.paynotify.delivery;

import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;

/**
 * Passes notifications that were inserted already leased to this node straight to its dispatcher,
 * in memory, so a fresh notification costs no claim. A create {@link #reserve reserves} places
 * first, so the dispatcher never takes more than its in-flight limit; then it {@link #deliver
 * delivers} each notification the store leased under that offer and {@link #release releases} the
 * places it did not use.
 *
 * <p>A leased notification that never reaches an attempt (the node dies, the dispatcher stops) is
 * not lost: its row is DELIVERING with a lease, and any node's claim takes it over once the lease
 * lapses.
 */
public interface Handoff {
  /** Hands nothing over: every notification is inserted PENDING and claimed. */
  Handoff NONE =
      new Handoff() {
        @Override
        public LeaseOffer reserve(int wanted) {
          return LeaseOffer.NONE;
        }

        @Override
        public void deliver(Notification leased) {
          throw new IllegalStateException("nothing was reserved, so nothing can be delivered");
        }

        @Override
        public void release(int unused) {}
      };

  /**
   * Reserves up to {@code wanted} places; the offer's room says how many were granted, 0 when the
   * dispatcher is not running or has no room.
   */
  LeaseOffer reserve(int wanted);

  /** Starts an attempt of a notification the store inserted leased under a reserved place. */
  void deliver(Notification leased);

  /** Gives back {@code unused} reserved places that no leased notification took. */
  void release(int unused);
}
