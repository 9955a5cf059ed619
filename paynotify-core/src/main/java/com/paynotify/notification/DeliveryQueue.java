package com.paynotify.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The queue notifications are delivered from: they are created into it, claimed when due, moved on
 * by version-checked transitions, and purged once ended. Implementations are thread-safe, and safe
 * for several processes sharing one database: a claim is exclusive until its lease lapses, and
 * every write is version-checked, so a worker whose lease lapsed cannot overwrite a newer state.
 */
public interface DeliveryQueue {

  /**
   * Stores several new notifications, in as few transactions as it can; one result per
   * notification, in order. One whose merchant and idempotency key are already stored, or appear
   * earlier in the same list, comes back {@link CreateOutcome.Existing}, the stored one untouched.
   * A notification the database refuses fails only itself ({@link CreateResult.Failed}); the others
   * are stored.
   *
   * <p>Up to {@code offer.room()} of the notifications are inserted already DELIVERING, leased
   * until {@code offer.length()} after the store holds its connection, and due again when that
   * lease lapses ({@link LeaseOffer#NONE} leases none). Only a notification due now is leased, and
   * only when no notification of its merchant and order is PENDING or DELIVERING (stored, or
   * earlier in the list): per-order ordering holds as for {@link #claimDue}. The others are
   * inserted as given.
   */
  List<CreateResult> createAll(List<Notification> notifications, LeaseOffer offer);

  /** The notification with this id, as stored now. */
  Optional<Notification> find(String id);

  /**
   * Claims up to {@code limit} notifications that are due at {@code now}: PENDING ones whose next
   * attempt is due, and DELIVERING ones whose lease has lapsed. A notification is not claimed while
   * an earlier one of the same merchant and order is PENDING or DELIVERING. Claimed notifications
   * come back DELIVERING, leased until {@code leaseUntil}, oldest due first.
   */
  List<Notification> claimDue(Instant now, int limit, Instant leaseUntil);

  /**
   * As {@link #claimDue(Instant, int, Instant)}, reading now from {@code clock} once the store
   * holds a connection and leasing for {@code lease} from then, so time spent waiting for a
   * connection does not shorten the lease.
   */
  default List<Notification> claimDue(int limit, InstantSource clock, Duration lease) {
    var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return claimDue(now, limit, now.plus(lease));
  }

  /**
   * Writes each transition whose expected version still matches, with its attempt, in one
   * transaction; returns the ids written. A transition whose version no longer matches is skipped.
   */
  Set<String> apply(List<Transition> transitions);

  /** Writes one transition; false if the stored version had moved on. */
  default boolean apply(Transition transition) {
    return apply(List.of(transition)).contains(transition.next().id());
  }

  /**
   * Deletes up to {@code limit} SUCCEEDED or ABANDONED notifications completed before {@code
   * completedBefore}, with their attempts; returns how many.
   */
  int purgeEnded(Instant completedBefore, int limit);
}
