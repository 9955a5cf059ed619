package com.paynotify.access;

import com.paynotify.notification.BatchedPurge;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes audit entries once they are older than the retention, in batches so no transaction grows
 * large. Failed logins are audited too, so without it the log grows with every guess.
 */
public final class AuditPurge {
  private static final Logger log = LoggerFactory.getLogger(AuditPurge.class);
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
  public static final int DEFAULT_BATCH_SIZE = 1000;

  private final BatchedPurge purge;

  public AuditPurge(AuditLog audit, Duration retention, int batchSize, InstantSource clock) {
    this.purge = new BatchedPurge(audit::purgeBefore, retention, batchSize, clock);
  }

  /** Purges every entry past the retention now; returns how many were deleted. */
  public int run() {
    var purged = purge.run();
    if (purged.deleted() > 0) {
      log.info("Purged {} audit entries made before {}", purged.deleted(), purged.cutoff());
    }
    return purged.deleted();
  }
}
