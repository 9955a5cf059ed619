package com.paynotify.access;

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

  private final AuditLog audit;
  private final Duration retention;
  private final int batchSize;
  private final InstantSource clock;

  public AuditPurge(AuditLog audit, Duration retention, int batchSize, InstantSource clock) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention: " + retention + " must be positive");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize: " + batchSize + " must be at least 1");
    }
    this.audit = audit;
    this.retention = retention;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /** Purges every entry past the retention now; returns how many were deleted. */
  public int run() {
    var cutoff = clock.instant().minus(retention);
    int total = 0;
    int deleted;
    do {
      deleted = audit.purgeBefore(cutoff, batchSize);
      total += deleted;
    } while (deleted == batchSize);
    if (total > 0) {
      log.info("Purged {} audit entries made before {}", total, cutoff);
    }
    return total;
  }
}
