package com.paynotify.server.config;

import com.paynotify.NotificationListener;
import com.paynotify.Paynotify;
import com.paynotify.delivery.DeliveryListener;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationReports;
import com.paynotify.notification.NotificationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters for delivery and the notifications' lifecycle, the backlog gauges, and the
 * dispatcher's health. Meter names are listed in {@code docs/operations.md}.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryMetrics {

  @Bean
  DeliveryListener meteredDeliveryListener(MeterRegistry registry) {
    var claims =
        DistributionSummary.builder("paynotify.claim.batch.size")
            .description("Notifications claimed per batch")
            .publishPercentileHistogram()
            .register(registry);
    var storeFailures = Counter.builder("paynotify.store.failures").register(registry);
    var deferred = Counter.builder("paynotify.deliveries.deferred").register(registry);
    return new DeliveryListener() {
      @Override
      public void claimed(int count) {
        claims.record(count);
      }

      @Override
      public void attempted(Notification next, Attempt attempt) {
        var outcome = attempt.succeeded() ? "success" : "failure";
        var kind = attempt.errorKind() == null ? "none" : attempt.errorKind().name();
        Timer.builder("paynotify.attempts")
            .description("Delivery attempts by channel, outcome and error kind")
            .tag("channel", next.channel().name())
            .tag("outcome", outcome)
            .tag("error_kind", kind)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry)
            .record(attempt.duration());
        if (next.status() == NotificationStatus.SUCCEEDED
            || next.status() == NotificationStatus.FAILED) {
          ended(registry, next);
        }
      }

      @Override
      public void deferred(Notification notification) {
        deferred.increment();
      }

      @Override
      public void storeFailed(RuntimeException failure) {
        storeFailures.increment();
      }
    };
  }

  @Bean
  NotificationListener meteredNotificationListener(MeterRegistry registry) {
    return new NotificationListener() {
      @Override
      public void created(Notification notification) {
        // Not ".created": Prometheus reserves the _created suffix for counters' creation time.
        Counter.builder("paynotify.notifications.accepted")
            .description("Notifications created")
            .tag("channel", notification.channel().name())
            .register(registry)
            .increment();
      }

      @Override
      public void abandoned(Notification notification) {
        ended(registry, notification);
      }
    };
  }

  /** Counts {@code paynotify.notifications.succeeded}, {@code .failed} or {@code .abandoned}. */
  private static void ended(MeterRegistry registry, Notification notification) {
    var name =
        "paynotify.notifications."
            + notification.status().name().toLowerCase(java.util.Locale.ROOT);
    Counter.builder(name)
        .tag("channel", notification.channel().name())
        .register(registry)
        .increment();
  }

  @Bean
  BacklogProbe backlogProbe(NotificationReports reports, InstantSource clock) {
    return new BacklogProbe(reports, clock, BacklogProbe.DEFAULT_TTL);
  }

  @Bean
  Object backlogGauges(
      MeterRegistry registry,
      ObjectProvider<BacklogProbe> probe,
      ObjectProvider<Paynotify> paynotify) {
    Gauge.builder("paynotify.backlog.due", () -> probe.getObject().backlog().due())
        .description("PENDING notifications whose next attempt is due")
        .register(registry);
    Gauge.builder("paynotify.backlog.scheduled", () -> probe.getObject().backlog().scheduled())
        .description("PENDING notifications whose next attempt is later")
        .register(registry);
    Gauge.builder("paynotify.backlog.delivering", () -> probe.getObject().backlog().delivering())
        .description("Notifications with an attempt in flight, on any node")
        .register(registry);
    Gauge.builder("paynotify.backlog.oldest.due.age", () -> probe.getObject().oldestDueAgeSeconds())
        .description("How long the oldest due notification has waited")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("paynotify.deliveries.in.flight", () -> paynotify.getObject().inFlight())
        .description("Attempts in flight on this node")
        .register(registry);
    return new Object();
  }

  @Bean
  HealthIndicator dispatcherHealthIndicator(Paynotify paynotify, PaynotifyProperties properties) {
    return () -> {
      if (!properties.delivery().enabled()) {
        return Health.up().withDetail("delivery", "disabled on this node").build();
      }
      return paynotify.healthy()
          ? Health.up().withDetail("inFlight", paynotify.inFlight()).build()
          : Health.down().withDetail("reason", "the dispatcher loop is stopped or stuck").build();
    };
  }
}
