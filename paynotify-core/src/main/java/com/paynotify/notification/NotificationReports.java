package com.paynotify.notification;

import com.paynotify.channel.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The read side of the stored notifications, for people and dashboards: a notification's attempts,
 * searches, statistics and the backlog. Nothing here writes.
 */
public interface NotificationReports {

  /** The attempts of a notification, oldest first. */
  List<Attempt> findAttempts(String id);

  /**
   * Notifications matching the query, newest first. The page's total is exact up to {@link
   * NotificationQuery#COUNT_LIMIT}; past it, it is {@code COUNT_LIMIT + 1}.
   */
  Page<Notification> search(NotificationQuery query);

  /**
   * Totals over the notifications created in {@code [from, to)} that match; null matches all.
   * Percentiles may be read from {@link LatencyBins} (within 12.5%), and a store that keeps
   * counters may go on counting notifications it has purged.
   */
  Stats stats(
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to);

  /**
   * Counts per interval of {@code bucket} (aligned to the epoch, UTC) in {@code [from, to)}:
   * notifications created, notifications that ended SUCCEEDED, FAILED or ABANDONED (by completion
   * time), and attempts (by start time). Only intervals with something to count are returned,
   * oldest first; null filters match all.
   */
  List<StatsBucket> series(
      @Nullable String merchantId,
      @Nullable Channel channel,
      Instant from,
      Instant to,
      Duration bucket);

  /**
   * The earliest instant the statistics are kept at minute precision, or null when they are kept so
   * for all time. A store that keeps older statistics per UTC hour only answers {@link #stats} and
   * {@link #series} (of buckets of whole hours) at hour precision before it: a range edge before it
   * is rounded out to its whole hour. A series of buckets shorter than an hour has nothing to count
   * there; {@link Reports} refuses one that starts before it.
   */
  default @Nullable Instant minutePrecisionSince() {
    return null;
  }

  /** The work waiting at {@code now}; each count is one indexed query. */
  Backlog backlog(Instant now);
}
