package com.paynotify.server.config;

import com.paynotify.channel.Channel;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.Backlog;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationReports;
import com.paynotify.notification.Page;
import com.paynotify.notification.Stats;
import com.paynotify.notification.StatsBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Times every call to the reports with a {@link StoreTimer}; otherwise passes it through. */
final class TimedNotificationReports implements NotificationReports {
  private final NotificationReports reports;
  private final StoreTimer timer;

  TimedNotificationReports(NotificationReports reports, StoreTimer timer) {
    this.reports = reports;
    this.timer = timer;
  }

  @Override
  public List<Attempt> findAttempts(String id) {
    return timer.timed("findAttempts", () -> reports.findAttempts(id));
  }

  @Override
  public Page<Notification> search(NotificationQuery query) {
    return timer.timed("search", () -> reports.search(query));
  }

  @Override
  public Stats stats(
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to) {
    return timer.timed("stats", () -> reports.stats(merchantId, channel, from, to));
  }

  @Override
  public List<StatsBucket> series(
      @Nullable String merchantId,
      @Nullable Channel channel,
      Instant from,
      Instant to,
      Duration bucket) {
    return timer.timed("series", () -> reports.series(merchantId, channel, from, to, bucket));
  }

  /** Not timed: no database call. */
  @Override
  public @Nullable Instant minutePrecisionSince() {
    return reports.minutePrecisionSince();
  }

  @Override
  public Backlog backlog(Instant now) {
    return timer.timed("backlog", () -> reports.backlog(now));
  }
}
