package com.paynotify.receiver.spring.autoconfigure;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.IdempotencyStore;
import com.paynotify.receiver.NotificationCheck;
import com.paynotify.receiver.NotificationReceiver;
import com.paynotify.receiver.ReceiverMetrics;
import com.paynotify.receiver.redis.RedisIdempotencyStore;
import com.paynotify.receiver.spring.ChannelReceivers;
import com.paynotify.receiver.spring.HandlerTransaction;
import com.paynotify.receiver.spring.NotificationReceiverCustomizer;
import com.paynotify.receiver.spring.PaynotifyCallbacks;
import com.paynotify.receiver.spring.PaynotifyListeners;
import java.time.InstantSource;
import java.util.EnumMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Receivers from {@code paynotify.receiver.*}: one per channel whose keys are set, on a JDBC store
 * over the application's {@code DataSource} (handlers join its transaction manager) or a Redis
 * store over Spring Data Redis, counted in the application's {@code MeterRegistry}, purged on a
 * schedule and closed after the web server stops. Every bean backs off when the application defines
 * its own ({@link IdempotencyStore}, {@link ReceiverMetrics}, {@link HandlerTransaction}, {@link
 * ChannelReceivers}, {@link PaynotifyCallbacks}); an {@link InstantSource}, a {@link
 * NotificationCheck} and {@link NotificationReceiverCustomizer}s are picked up when present.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@EnableConfigurationProperties(PaynotifyReceiverProperties.class)
// In this order: with both a DataSource and Redis, the JDBC store is registered first and wins.
@Import({
  ReceiverConfigurations.Jdbc.class,
  ReceiverConfigurations.Redis.class,
  ReceiverConfigurations.Micrometer.class
})
public class PaynotifyReceiverAutoConfiguration {
  private static final Logger log =
      LoggerFactory.getLogger(PaynotifyReceiverAutoConfiguration.class);

  @Bean
  static PaynotifyListeners paynotifyListeners() {
    return new PaynotifyListeners();
  }

  @Bean
  @ConditionalOnMissingBean
  ChannelReceivers paynotifyChannelReceivers(
      PaynotifyReceiverProperties properties,
      ObjectProvider<IdempotencyStore> store,
      ObjectProvider<InstantSource> clock,
      ObjectProvider<ReceiverMetrics> metrics,
      ObjectProvider<NotificationCheck> check,
      ObjectProvider<NotificationReceiverCustomizer> customizers) {
    var receivers = new EnumMap<Channel, NotificationReceiver>(Channel.class);
    var time = clock.getIfUnique(InstantSource::system);
    var verifiers = properties.verifiers(time);
    if (verifiers.isEmpty()) {
      return new ChannelReceivers(receivers, null);
    }
    var records = store.getIfUnique();
    if (records == null) {
      throw new IllegalStateException(
          "paynotify.receiver: no idempotency store; add a DataSource"
              + " (spring-boot-starter-jdbc) or Spring Data Redis (spring-boot-starter-data-redis),"
              + " or declare an IdempotencyStore bean");
    }
    for (var verifier : verifiers) {
      var channel = verifier.channel();
      try {
        var builder =
            properties
                .configure(NotificationReceiver.builder(verifier, records), channel)
                .clock(time)
                .metrics(metrics.getIfUnique(() -> ReceiverMetrics.NONE))
                .check(check.getIfUnique(() -> NotificationCheck.ACCEPT_ALL));
        customizers.orderedStream().forEach(customizer -> customizer.customize(channel, builder));
        receivers.put(channel, build(builder));
      } catch (RuntimeException e) {
        receivers.values().forEach(NotificationReceiver::close); // their heartbeat threads
        throw e;
      }
    }
    var purge = properties.purge();
    // Redis expires its records by their TTL: nothing to purge.
    var purgeInterval =
        purge.enabled() && !(records instanceof RedisIdempotencyStore) ? purge.interval() : null;
    log.info(
        "Paynotify receivers for {} on {}", receivers.keySet(), records.getClass().getSimpleName());
    return new ChannelReceivers(receivers, purgeInterval);
  }

  /** Builds the receiver; the builder names the setting it refuses, as its property's tail. */
  private static NotificationReceiver build(NotificationReceiver.Builder builder) {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("paynotify.receiver." + e.getMessage());
    }
  }

  @Bean
  @ConditionalOnMissingBean
  PaynotifyCallbacks paynotifyCallbacks(
      ChannelReceivers receivers,
      ObjectProvider<HandlerTransaction> transaction,
      PaynotifyListeners listeners) {
    return new PaynotifyCallbacks(
        receivers, transaction.getIfUnique(() -> HandlerTransaction.NONE), listeners);
  }
}
