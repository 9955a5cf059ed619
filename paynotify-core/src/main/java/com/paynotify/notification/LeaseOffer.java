package com.paynotify.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/**
 * Leave for a bulk create to insert up to {@code room} of its fresh notifications already
 * DELIVERING, leased to the caller's dispatcher, so they need no claim. The lease is read from
 * {@code clock} by the store once it holds a connection, so waiting for one does not eat into it.
 *
 * @param clock the dispatcher's clock
 * @param length how long the lease holds, as a claim's would (see {@link
 *     com.paynotify.retry.Lease})
 * @param room how many may be leased at most; 0 leases none
 */
public record LeaseOffer(InstantSource clock, Duration length, int room) {
  /** Leases nothing: every notification is inserted PENDING, for the claim loop. */
  public static final LeaseOffer NONE =
      new LeaseOffer(InstantSource.system(), Duration.ofSeconds(1), 0);

  public LeaseOffer {
    if (room < 0) {
      throw new IllegalArgumentException("room: " + room + " must not be negative");
    }
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("length: " + length + " must be positive");
    }
  }

  /** Now, to the millisecond the store keeps. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
