package com.paynotify.notification;

import com.paynotify.payment.PaymentStore;
import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;
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
  private final @Nullable BatchedPurge payments;

  public RetentionPurge(
      DeliveryQueue queue, Duration retention, int batchSize, InstantSource clock) {
    this(queue, null, retention, batchSize, clock);
  }

  /**
   * Also purges the payments last moved before the retention, once no notification of theirs is
   * left: after the ended notifications, in the same run, so a payment goes with its notifications
   * and never while one is still waiting, in flight or FAILED.
   */
  public RetentionPurge(
      DeliveryQueue queue,
      @Nullable PaymentStore payments,
      Duration retention,
      int batchSize,
      InstantSource clock) {
    this.purge = new BatchedPurge(queue::purgeEnded, retention, batchSize, clock);
    this.payments =
        payments == null
            ? null
            : new BatchedPurge(payments::purgeEnded, retention, batchSize, clock);
  }

  /** Purges everything past the retention now; returns how many notifications were deleted. */
  public int run() {
    var purged = purge.run();
    if (purged.deleted() > 0) {
      log.info(
          "Purged {} ended notifications completed before {}", purged.deleted(), purged.cutoff());
    }
    if (payments != null) {
      var gone = payments.run();
      if (gone.deleted() > 0) {
        log.info(
            "Purged {} payments last moved before {} with no notification left",
            gone.deleted(),
            gone.cutoff());
      }
    }
    return purged.deleted();
  }
}
