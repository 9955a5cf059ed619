package com.paynotify.server.config;

import com.paynotify.alert.AlertSink;
import com.paynotify.alert.Alerts;
import com.paynotify.alert.WebhookAlertSink;
import com.paynotify.channel.WebhookSecret;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Builds the core's {@link Alerts} from {@code paynotify.alerts.*} and checks them on a schedule.
 */
@Configuration(proxyBeanMethods = false)
class AlertConfiguration {
  private static final Logger log = LoggerFactory.getLogger(AlertConfiguration.class);

  /** Closed by Spring's inferred destroy method when it is a {@link WebhookAlertSink}. */
  @Bean
  AlertSink alertSink(AlertProperties properties, InstantSource clock) {
    if (properties.urls().isEmpty()) {
      return AlertSink.NONE;
    }
    if (properties.secret() == null || properties.secret().isBlank()) {
      throw new IllegalStateException(
          "paynotify.alerts.secret: is required when paynotify.alerts.urls is set");
    }
    var secret = WebhookSecret.parse(properties.secret());
    try {
      return new WebhookAlertSink(properties.parsedUrls(), secret, clock);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("paynotify.alerts." + e.getMessage()); // names urls[i]
    }
  }

  @Bean
  Alerts alerts(AlertProperties properties, AlertSink alertSink, InstantSource clock) {
    return new Alerts(properties.rules(), alertSink, clock);
  }

  @Bean
  AlertChecks alertChecks(Alerts alerts, BacklogProbe backlog, AlertProperties properties) {
    return new AlertChecks(alerts, backlog, properties.checkInterval());
  }

  /** Re-checks the backlog's age and lets failure-rate alerts resolve when attempts stop. */
  static final class AlertChecks implements SchedulingConfigurer {
    private final Alerts alerts;
    private final BacklogProbe backlog;
    private final Duration interval;

    AlertChecks(Alerts alerts, BacklogProbe backlog, Duration interval) {
      this.alerts = alerts;
      this.backlog = backlog;
      this.interval = interval;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
      registrar.addFixedDelayTask(new FixedDelayTask(this::check, interval, interval));
    }

    void check() {
      try {
        alerts.checkBacklog(backlog.backlog());
        alerts.evaluate();
      } catch (RuntimeException e) {
        log.warn("Could not check alerts; will try again at the next interval", e);
      }
    }
  }
}
