package com.paynotify.receiver.spring.autoconfigure;

import com.paynotify.receiver.IdempotencyStore;
import com.paynotify.receiver.ReceiverMetrics;
import com.paynotify.receiver.micrometer.MicrometerReceiverMetrics;
import com.paynotify.receiver.redis.RedisIdempotencyStore;
import com.paynotify.receiver.spring.HandlerTransaction;
import com.paynotify.receiver.spring.SpringHandlerTransaction;
import com.paynotify.receiver.spring.SpringJdbcIdempotencyStore;
import com.paynotify.receiver.spring.SpringRedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The stores and metrics {@link PaynotifyReceiverAutoConfiguration} imports, in its order. Not
 * nested in it: a configuration's member classes are registered before its imports, in no
 * guaranteed order, and the JDBC store must come first.
 */
final class ReceiverConfigurations {

  private ReceiverConfigurations() {}

  /**
   * The JDBC store on the application's DataSource, its DONE mark in the application's transaction.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(DataSourceUtils.class)
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnProperty(
      prefix = "paynotify.receiver.store",
      name = "type",
      havingValue = "jdbc",
      matchIfMissing = true)
  @Conditional(OnChannelConfiguredCondition.class)
  static class Jdbc {

    @Bean
    @ConditionalOnMissingBean(IdempotencyStore.class)
    SpringJdbcIdempotencyStore paynotifyIdempotencyStore(
        DataSource dataSource, PaynotifyReceiverProperties properties) {
      var store = new SpringJdbcIdempotencyStore(dataSource);
      if (properties.store().createSchema()) {
        store.jdbc().createSchemaIfMissing();
      }
      return store;
    }

    @Bean
    @ConditionalOnMissingBean(HandlerTransaction.class)
    @ConditionalOnBean({SpringJdbcIdempotencyStore.class, PlatformTransactionManager.class})
    SpringHandlerTransaction paynotifyHandlerTransaction(
        PlatformTransactionManager transactions,
        SpringJdbcIdempotencyStore store,
        ObjectProvider<ReceiverMetrics> metrics) {
      return new SpringHandlerTransaction(
          transactions, store, metrics.getIfUnique(() -> ReceiverMetrics.NONE));
    }
  }

  /** The Redis store through Spring Data Redis' connection factory (Lettuce by default). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(StringRedisTemplate.class)
  @ConditionalOnBean(RedisConnectionFactory.class)
  @ConditionalOnProperty(
      prefix = "paynotify.receiver.store",
      name = "type",
      havingValue = "redis",
      matchIfMissing = true)
  @Conditional(OnChannelConfiguredCondition.class)
  static class Redis {

    @Bean
    @ConditionalOnMissingBean(IdempotencyStore.class)
    RedisIdempotencyStore paynotifyIdempotencyStore(
        RedisConnectionFactory connectionFactory, PaynotifyReceiverProperties properties) {
      return new RedisIdempotencyStore(
          SpringRedisCommands.on(connectionFactory), properties.store().redisKeyPrefix());
    }
  }

  /** Counts in the application's MeterRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Micrometer {

    @Bean
    @ConditionalOnMissingBean(ReceiverMetrics.class)
    @ConditionalOnBean(MeterRegistry.class)
    ReceiverMetrics paynotifyReceiverMetrics(MeterRegistry registry) {
      return new MicrometerReceiverMetrics(registry);
    }
  }
}
