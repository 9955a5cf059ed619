package com.paynotify.server.api;

import com.paynotify.channel.Channel;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.NotificationStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/stats}: totals by status, success rate and attempt latency. */
@RestController
class StatsController {
  private final NotificationStore store;

  StatsController(NotificationStore store) {
    this.store = store;
  }

  @GetMapping("/api/v1/stats")
  StatsView stats(
      @RequestParam(required = false) @Nullable String merchantId,
      @RequestParam(required = false) @Nullable String channel,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to) {
    var stats = store.stats(
        merchantId,
        NotificationController.parse("channel", channel, Channel.class),
        NotificationController.instant("from", from),
        NotificationController.instant("to", to));
    var byStatus = new LinkedHashMap<String, Long>();
    for (var status : NotificationStatus.values()) {
      byStatus.put(status.name(), stats.byStatus().getOrDefault(status, 0L));
    }
    return new StatsView(
        stats.total(), byStatus, stats.successRate(), stats.attempts(),
        new LatencyView(stats.averageAttemptDuration().toMillis(), stats.maxAttemptDuration().toMillis()));
  }

  record StatsView(long total, Map<String, Long> byStatus, double successRate, long attempts, LatencyView attemptLatency) {}

  record LatencyView(long averageMs, long maxMs) {}
}
