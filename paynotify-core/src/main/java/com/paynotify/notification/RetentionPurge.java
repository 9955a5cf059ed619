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

  private final BatchedPurge purge;

  public RetentionPurge(NotificationStore store, Duration retention, int batchSize, InstantSource clock) {
    this.purge = new BatchedPurge(store::purgeEnded, retention, batchSize, clock);
  }

  /** Purges everything past the retention now; returns how many notifications were deleted. */
  public int run() {
    var purged = purge.run();
    if (purged.deleted() > 0) {
      log.info("Purged {} ended notifications completed before {}", purged.deleted(), purged.cutoff());
    }
    return purged.deleted();
  }
}
