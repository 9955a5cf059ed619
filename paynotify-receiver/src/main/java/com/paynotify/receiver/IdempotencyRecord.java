package com.paynotify.receiver;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One processing record as stored.
 *
 * @param fingerprint the payment fields of the first delivery, see {@link
 *     ReceivedNotification#fingerprint()}
 * @param doneAt when the handler completed; null while PROCESSING
 * @param keepUntil until when a DONE record is kept; null while PROCESSING
 */
public record IdempotencyRecord(
    String key,
    State state,
    String ownerToken,
    String fingerprint,
    Instant claimedAt,
    Instant leaseUntil,
    @Nullable Instant doneAt,
    @Nullable Instant keepUntil) {

  /** The state of a record: PROCESSING under a lease, then DONE. */
  public enum State {
    PROCESSING,
    DONE
  }
}
