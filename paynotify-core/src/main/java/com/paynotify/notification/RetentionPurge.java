package com.paynotify.notification;

import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes SUCCEEDED and ABANDONED notifications, with their attempts, once they are older than the
 * retention, in batches so no transaction grows large. FAILED ones stay until an operator acts.
 */
public final class RetentionPurge {
  private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  public static final int DEFAULT_BATCH_SIZE = 1000;

  private final NotificationStore store;
  private final Duration retention;
  private final int batchSize;
  private final InstantSource clock;

  public RetentionPurge(NotificationStore store, Duration retention, int batchSize, InstantSource clock) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention: " + retention + " must be positive");
    }
    this.store = store;
    this.retention = retention;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** Purges everything past the retention now; returns how many notifications were deleted. */
  public int run() {
    var cutoff = clock.instant().minus(retention);
    int total = 0;
    int deleted;
    do {
      deleted = store.purgeEnded(cutoff, batchSize);
      total += deleted;
    } while (deleted == batchSize);
    if (total > 0) {
      log.info("Purged {} ended notifications completed before {}", total, cutoff);
    }
    return total;
  }
}
