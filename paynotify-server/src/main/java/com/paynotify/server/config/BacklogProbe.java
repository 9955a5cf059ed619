package com.paynotify.server.config;

import com.paynotify.notification.Backlog;
import com.paynotify.notification.NotificationReports;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * The backlog, measured at most once per {@code ttl}: every gauge of a scrape, and every scrape
 * within the ttl, share one measurement, so scraping never hammers the database.
 */
final class BacklogProbe {
  static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

  private final NotificationReports reports;
  private final InstantSource clock;
  private final Duration ttl;
  private @Nullable Backlog last;
  private Instant measuredAt = Instant.MIN;

  BacklogProbe(NotificationReports reports, InstantSource clock, Duration ttl) {
    this.reports = reports;
    this.clock = clock;
    this.ttl = ttl;
  }

  synchronized Backlog backlog() {
    var now = clock.instant();
    if (last == null || !now.isBefore(measuredAt.plus(ttl)) || now.isBefore(measuredAt)) {
      last = reports.backlog(now);
      measuredAt = now;
    }
    return last;
  }

  /** Seconds the oldest due notification has waited, 0 when none is due. */
  double oldestDueAgeSeconds() {
    var backlog = backlog();
    var oldest = backlog.oldestDueAt();
    return oldest == null
        ? 0
        : Math.max(0, Duration.between(oldest, measuredAt()).toMillis() / 1000.0);
  }

  private synchronized Instant measuredAt() {
    return measuredAt;
  }
}
