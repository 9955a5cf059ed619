package com.paynotify.server.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When old notifications and audit entries are purged: {@code paynotify.purge-interval} and {@code
 * paynotify.purge-initial-delay}.
 *
 * @param purgeInterval the time between the end of one purge and the start of the next
 * @param purgeInitialDelay how long after start-up the first purge runs
 */
@ConfigurationProperties("paynotify")
public record PurgeProperties(
    @Nullable Duration purgeInterval, @Nullable Duration purgeInitialDelay) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMinutes(1);

  public PurgeProperties {
    purgeInterval = purgeInterval != null ? purgeInterval : DEFAULT_INTERVAL;
    purgeInitialDelay = purgeInitialDelay != null ? purgeInitialDelay : DEFAULT_INITIAL_DELAY;
  }
}
