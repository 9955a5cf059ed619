package com.paynotify.server.config;

import com.paynotify.delivery.DeliveryListener;
import com.paynotify.delivery.Dispatcher;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.InstantSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Micrometer meters for delivery, and the dispatcher's health. */
@Configuration(proxyBeanMethods = false)
class DeliveryMetrics {

  @Bean
  DeliveryListener meteredDeliveryListener(MeterRegistry registry) {
    var claims = DistributionSummary.builder("paynotify.claim.batch.size").register(registry);
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
            .tag("channel", next.channel().name())
            .tag("outcome", outcome)
            .tag("error_kind", kind)
            .publishPercentileHistogram()
            .register(registry)
            .record(attempt.duration());
        if (next.status().ended()) {
          Counter.builder("paynotify.notifications.ended").tag("status", next.status().name()).register(registry).increment();
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
  Object backlogGauges(MeterRegistry registry, ObjectProvider<NotificationStore> store, ObjectProvider<Dispatcher> dispatcher, InstantSource clock) {
    Gauge.builder("paynotify.backlog.due", () -> store.getObject().countDue(clock.instant())).register(registry);
    Gauge.builder("paynotify.backlog.active", () -> store.getObject().countActive()).register(registry);
    Gauge.builder("paynotify.deliveries.in.flight", () -> dispatcher.getObject().inFlight()).register(registry);
    return new Object();
  }

  @Bean
  HealthIndicator dispatcherHealthIndicator(Dispatcher dispatcher, PaynotifyProperties properties) {
    return () -> {
      if (!properties.delivery().enabled()) {
        return Health.up().withDetail("delivery", "disabled on this node").build();
      }
      return dispatcher.healthy()
          ? Health.up().withDetail("inFlight", dispatcher.inFlight()).build()
          : Health.down().withDetail("reason", "the dispatcher loop is stopped or stuck").build();
    };
  }
}
