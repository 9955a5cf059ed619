package com.paynotify.notification;

import com.paynotify.channel.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where notifications and their attempts live. Implementations are thread-safe, and safe for
 * several processes sharing one database: a claim is exclusive until its lease lapses, and every
 * write is version-checked, so a worker whose lease lapsed cannot overwrite a newer state.
 */
public interface NotificationStore {

  /**
   * Stores a new notification unless one with the same merchant and idempotency key exists, in
   * which case that one is returned untouched.
   */
  CreateOutcome create(Notification notification);

  /**
   * Stores several new notifications, in as few transactions as it can; one result per
   * notification, in order. Each is created as by {@link #create}: one whose merchant and
   * idempotency key are already stored, or appear earlier in the same list, comes back {@link
   * CreateOutcome.Existing}. A notification the database refuses fails only itself ({@link
   * CreateResult.Failed}); the others are stored.
   */
  default List<CreateResult> createAll(List<Notification> notifications) {
    return createAll(notifications, LeaseOffer.NONE);
  }

  /**
   * As {@link #createAll(List)}, inserting up to {@code offer.room()} of the notifications already
   * DELIVERING, leased until {@code offer.length()} after the store holds its connection, and due
   * again when that lease lapses. Only a notification due now is leased, and only when no
   * notification of its merchant and order is PENDING or DELIVERING (stored, or earlier in the
   * list): per-order ordering holds as for {@link #claimDue}. The others are inserted as given.
   */
  List<CreateResult> createAll(List<Notification> notifications, LeaseOffer offer);

  Optional<Notification> find(String id);

  /** The attempts of a notification, oldest first. */
  List<Attempt> findAttempts(String id);

  /**
   * Notifications matching the query, newest first. The page's total is exact up to {@link
   * NotificationQuery#COUNT_LIMIT}; past it, it is {@code COUNT_LIMIT + 1}.
   */
  Page<Notification> search(NotificationQuery query);

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

  /**
   * Totals over the notifications created in {@code [from, to)} that match; null matches all.
   * Percentiles may be read from {@link LatencyBins} (within 12.5%), and a store that keeps
   * counters may go on counting notifications it has purged.
   */
  Stats stats(
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to);

  /**
   * Counts per interval of {@code bucket} (aligned to the epoch, UTC) in {@code [from, to)}:
   * notifications created, notifications that ended SUCCEEDED, FAILED or ABANDONED (by completion
   * time), and attempts (by start time). Only intervals with something to count are returned,
   * oldest first; null filters match all.
   */
  List<StatsBucket> series(
      @Nullable String merchantId,
      @Nullable Channel channel,
      Instant from,
      Instant to,
      Duration bucket);

  /** The work waiting at {@code now}; each count is one indexed query. */
  Backlog backlog(Instant now);

  /** How many notifications are due at {@code now} and not yet claimed. */
  long countDue(Instant now);

  /** How many notifications are PENDING or DELIVERING. */
  long countActive();
}
