package com.paynotify.receiver;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The processing records that make a handler run at most once per dedup key, shared by every
 * receiver instance of the merchant. A record is PROCESSING while one owner (a random token) holds
 * a lease, then DONE until its keep-until time. Every write after the claim is a compare-and-set on
 * the owner token, so a claimant that lost its lease cannot overwrite the new owner's record.
 * Implementations are thread-safe; times come from the caller, never from the store's own clock.
 */
public interface IdempotencyStore {

  /**
   * Claims the key for {@code ownerToken} until {@code now + lease}: when no record exists, or when
   * a PROCESSING record with the same fingerprint has a lease that ended at or before {@code now}
   * (a takeover). Otherwise returns the record that holds the key.
   */
  Claim claim(String key, String fingerprint, String ownerToken, Instant now, Duration lease);

  /**
   * Extends the lease to {@code now + lease}; false if the token no longer owns the PROCESSING
   * record.
   */
  boolean renew(String key, String ownerToken, Instant now, Duration lease);

  /**
   * Marks the record DONE at {@code now}, kept until {@code keepUntil}; false (lease lost) if the
   * token no longer owns the PROCESSING record. A lease that ran out but was not taken over still
   * completes: nobody else ran the handler.
   */
  boolean complete(String key, String ownerToken, Instant now, Instant keepUntil);

  /**
   * Deletes the PROCESSING record so the next delivery runs the handler; false if not the owner.
   */
  boolean release(String key, String ownerToken);

  /** The record of a key, if any. */
  Optional<IdempotencyRecord> find(String key);

  /**
   * Deletes at most {@code limit} records that are DONE with a keep-until at or before {@code now},
   * or PROCESSING with a lease that ended at or before {@code abandonedBefore} (a claim nobody came
   * back for). A PROCESSING record with a live lease is never deleted.
   *
   * @return how many records were deleted
   */
  int purgeBatch(Instant now, Instant abandonedBefore, int limit);

  /** The result of {@link #claim}. */
  sealed interface Claim {
    /** The caller owns the key now; {@code takeover} when it took an expired claim over. */
    record Acquired(boolean takeover) implements Claim {}

    /** Someone else holds the key, or it is DONE: the record as it was read. */
    record Held(IdempotencyRecord record) implements Claim {}
  }
}
