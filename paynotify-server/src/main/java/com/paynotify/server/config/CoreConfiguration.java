package com.paynotify.server.config;

import com.paynotify.NotificationListener;
import com.paynotify.Paynotify;
import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.AuditLog;
import com.paynotify.delivery.DeliveryListener;
import com.paynotify.delivery.HostGate;
import com.paynotify.delivery.MerchantCredentials;
import com.paynotify.delivery.NetworkPolicy;
import com.paynotify.http.HttpClient5Transport;
import com.paynotify.merchant.CachingMerchantStore;
import com.paynotify.merchant.ChannelCredentialStore;
import com.paynotify.merchant.KeyCheck;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.MerchantStore;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.NotificationReports;
import com.paynotify.notification.RetentionPurge;
import com.paynotify.payment.PaymentStore;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicyStore;
import com.paynotify.server.events.EventsProperties;
import com.paynotify.server.security.AuditProperties;
import com.paynotify.store.jdbc.Dialect;
import com.paynotify.store.jdbc.JdbcChannelCredentialStore;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcKeyCheckStore;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcPaymentStore;
import com.paynotify.store.jdbc.JdbcRetryPolicyStore;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.store.jdbc.JdbcSealedSecrets;
import com.paynotify.store.jdbc.JdbcStatsRetention;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the core from properties: one bean per core object, one line per setting. Nothing here
 * holds logic of its own.
 */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

  /** Marks that the schema is migrated; every store bean depends on it. */
  public record MigratedSchema(DataSource dataSource) {}

  @Bean
  @ConditionalOnMissingBean
  InstantSource clock() {
    return InstantSource.system();
  }

  @Bean
  MigratedSchema migratedSchema(DataSource dataSource) {
    JdbcSchema.migrate(dataSource);
    return new MigratedSchema(dataSource);
  }

  /**
   * Writes final outcomes to the outbox only when they are to be published (paynotify.events.*).
   */
  @Bean
  DeliveryQueue deliveryQueue(
      MigratedSchema schema, MeterRegistry registry, EventsProperties events) {
    var dataSource = schema.dataSource();
    return new TimedDeliveryQueue(
        new JdbcDeliveryQueue(dataSource, Dialect.of(dataSource), events.enabled()),
        new StoreTimer(registry));
  }

  /**
   * Searches, statistics and the backlog, over the rows and counters the queue writes; the
   * statistics at minute precision within {@code paynotify.stats.minute-retention}.
   */
  @Bean
  NotificationReports notificationReports(
      MigratedSchema schema, MeterRegistry registry, JdbcStatsRetention statsRetention) {
    var dataSource = schema.dataSource();
    return new TimedNotificationReports(
        new JdbcNotificationReports(dataSource, Dialect.of(dataSource), statsRetention),
        new StoreTimer(registry));
  }

  /** Minute counters kept for {@code paynotify.stats.minute-retention}, hour counters for good. */
  @Bean
  JdbcStatsRetention statsRetention(
      MigratedSchema schema, StatsProperties properties, InstantSource clock) {
    var dataSource = schema.dataSource();
    return new JdbcStatsRetention(
        dataSource, Dialect.of(dataSource), properties.minuteRetention(), clock);
  }

  /** Payments and their history; a move writes its notification in its own transaction. */
  @Bean
  PaymentStore paymentStore(MigratedSchema schema) {
    return new JdbcPaymentStore(schema.dataSource());
  }

  @Bean
  KeyCheck keyCheck(MigratedSchema schema) {
    return new KeyCheck(
        new JdbcKeyCheckStore(schema.dataSource()), new JdbcSealedSecrets(schema.dataSource()));
  }

  /**
   * Verified against the database's key check here, before any bean that reads a secret or takes
   * work.
   */
  @Bean
  MasterKey masterKey(
      PaynotifyProperties properties, MasterKeyProperties rotation, KeyCheck keyCheck) {
    return MasterKeys.from(properties, rotation, keyCheck);
  }

  /** Cached briefly: a merchant is read for every notification created and every attempt. */
  @Bean
  MerchantStore merchantStore(MigratedSchema schema, MasterKey masterKey, InstantSource clock) {
    var store = new JdbcMerchantStore(schema.dataSource(), masterKey);
    store.sealPlaintextSecrets();
    return new CachingMerchantStore(store, clock, CachingMerchantStore.DEFAULT_TTL);
  }

  @Bean
  ChannelCredentialStore channelCredentialStore(MigratedSchema schema, MasterKey masterKey) {
    return new JdbcChannelCredentialStore(schema.dataSource(), masterKey);
  }

  @Bean
  RetryPolicyStore retryPolicyStore(MigratedSchema schema) {
    return new JdbcRetryPolicyStore(schema.dataSource());
  }

  @Bean
  RetryPolicies retryPolicies(
      PaynotifyProperties properties, RetryPolicyStore store, InstantSource clock) {
    var policies = new RetryPolicies(store, clock);
    ConfiguredPolicies.from(properties).forEach(policies::define);
    store.findAll().forEach(policies::define);
    ConfiguredPolicies.channelDefaults(properties, policies);
    return policies;
  }

  @Bean
  NetworkPolicy networkPolicy(PaynotifyProperties properties) {
    var blocks =
        properties.delivery().allowedNetworks().stream().map(ConfiguredPolicies::cidr).toList();
    return blocks.isEmpty() ? NetworkPolicy.publicOnly() : NetworkPolicy.allowing(blocks);
  }

  @Bean
  MerchantCredentials merchantCredentials(
      MerchantStore merchants, ChannelCredentialStore channels, InstantSource clock) {
    return new MerchantCredentials(
        merchants, channels, clock, MerchantCredentials.DEFAULT_CACHE_TTL);
  }

  /**
   * The whole engine, API side and dispatcher; {@link DispatcherLifecycle} starts and stops its
   * delivery.
   */
  @Bean(destroyMethod = "close")
  Paynotify paynotify(
      DeliveryQueue queue,
      NotificationReports reports,
      MerchantStore merchants,
      MerchantCredentials credentials,
      RetryPolicies policies,
      NetworkPolicy network,
      InstantSource clock,
      NotificationListener listener,
      List<DeliveryListener> deliveryListeners,
      PaynotifyProperties properties,
      ChannelCredentialStore channels,
      AccessTokenStore tokens,
      AuditLog audit,
      AuditProperties auditProperties,
      MasterKey masterKey,
      KeyCheck keyCheck,
      PaymentStore payments) {
    var delivery = properties.delivery();
    return Paynotify.builder(queue, reports, merchants, credentials)
        .transport(HttpClient5Transport::new)
        .policies(policies)
        .network(network)
        .clock(clock)
        .listener(listener)
        .deliveryListener(DeliveryListener.all(deliveryListeners))
        .batchSize(delivery.batchSize())
        .maxInFlight(delivery.maxInFlight())
        .lease(delivery.lease())
        .pollInterval(delivery.pollInterval())
        .maxPerHost(delivery.maxPerHost())
        .hostBackoff(
            delivery.hostFailureThreshold(),
            HostGate.DEFAULT_BASE_BACKOFF,
            HostGate.DEFAULT_MAX_BACKOFF)
        .channels(channels)
        .tokens(tokens)
        .audit(audit, auditProperties.retention())
        .masterKey(masterKey, keyCheck)
        .payments(payments)
        .build();
  }

  @Bean
  RetentionPurge retentionPurge(
      DeliveryQueue queue,
      PaymentStore payments,
      PaynotifyProperties properties,
      InstantSource clock) {
    return new RetentionPurge(
        queue, payments, properties.retention(), RetentionPurge.DEFAULT_BATCH_SIZE, clock);
  }
}
