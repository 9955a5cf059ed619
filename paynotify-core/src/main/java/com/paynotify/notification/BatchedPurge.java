package com.paynotify.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The purge loop behind a retention: deletes what is older than the retention in batches, so no
 * transaction grows large, until a batch comes back short. One loop for {@link RetentionPurge} and
 * {@link com.paynotify.access.AuditPurge} alike; each says what it purged in its own words.
 */
public final class BatchedPurge {
  /** One batch: deletes at most {@code limit} rows made before {@code cutoff}; returns how many. */
  @FunctionalInterface
  public interface Batch {
    int delete(Instant cutoff, int limit);
  }

  /**
   * What one run purged.
   *
   * @param cutoff everything made before it was due for deletion
   * @param deleted how many rows were deleted
   */
  public record Purged(Instant cutoff, int deleted) {}

  private final Batch batch;
  private final Duration retention;
  private final int batchSize;
  private final InstantSource clock;

  public BatchedPurge(Batch batch, Duration retention, int batchSize, InstantSource clock) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention: " + retention + " must be positive");
    }
    // A batch of 0 deletes nothing and comes back "full" every time: the loop would never end.
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize: " + batchSize + " must be at least 1");
    }
    this.batch = batch;
    this.retention = retention;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** Deletes everything past the retention now, batch after batch. */
  public Purged run() {
    var cutoff = clock.instant().minus(retention);
    int total = 0;
    int deleted;
    do {
      deleted = batch.delete(cutoff, batchSize);
      total += deleted;
    } while (deleted == batchSize);
    return new Purged(cutoff, total);
  }
}
