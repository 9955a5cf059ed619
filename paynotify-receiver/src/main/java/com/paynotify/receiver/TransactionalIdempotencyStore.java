package com.paynotify.receiver;

import java.sql.Connection;
import java.time.Instant;

/**
 * A store that can write the DONE mark inside the merchant's own database transaction, so the
 * business update and the mark commit or roll back together.
 */
public interface TransactionalIdempotencyStore extends IdempotencyStore {

  /**
   * Marks the key DONE on {@code connection} without committing. Succeeds when {@code ownerToken}
   * still owns the PROCESSING record, or when no record exists any more (the key is free, so this
   * owner's result stands). Never raises a duplicate-key error, so a concurrent delivery of the
   * same key cannot abort the merchant's transaction.
   *
   * @return false (lease lost) when another owner holds the key: the caller must roll back
   */
  boolean completeInTransaction(
      Connection connection,
      String key,
      String ownerToken,
      String fingerprint,
      Instant now,
      Instant keepUntil);
}
