package com.paynotify;

import com.paynotify.delivery.MerchantCredentials;
import com.paynotify.http.HttpClient5Transport;
import com.paynotify.merchant.MasterKey;
import com.paynotify.notification.Notification;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.store.jdbc.JdbcAccessTokenStore;
import com.paynotify.store.jdbc.JdbcChannelCredentialStore;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcRetryPolicyStore;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.MutableClock;
import com.paynotify.testkit.NotificationStores;
import com.paynotify.testkit.Notifications;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.time.Duration;

/**
 * The core's use cases over real stores on a fresh in-memory H2 database and a manual clock, wired
 * as a user of the core without Spring would: one {@link Paynotify} builder.
 */
public final class UseCaseFixture implements AutoCloseable {
  public final MutableClock clock = new MutableClock(Notifications.T0);
  public final TestDatabase database = TestDatabases.h2();
  public final JdbcDeliveryQueue queue;
  public final JdbcNotificationReports reports;
  public final JdbcMerchantStore merchants;
  public final JdbcChannelCredentialStore channels;
  public final JdbcRetryPolicyStore policyStore;
  public final JdbcAccessTokenStore tokens;

  /**
   * With a cache that outlives the test unless evicted, so a test sees whether a change evicts it.
   */
  public final MerchantCredentials credentials;

  public final RetryPolicies policies;
  public final Paynotify paynotify;

  public UseCaseFixture() {
    this(Duration.ofSeconds(60));
  }

  /** With {@code lease} as the claim lease a policy's timeout must fit. */
  public UseCaseFixture(Duration lease) {
    JdbcSchema.migrate(database.dataSource());
    var masterKey = MasterKey.generate();
    queue = new JdbcDeliveryQueue(database.dataSource());
    reports = new JdbcNotificationReports(database.dataSource());
    merchants = new JdbcMerchantStore(database.dataSource(), masterKey);
    channels = new JdbcChannelCredentialStore(database.dataSource(), masterKey);
    policyStore = new JdbcRetryPolicyStore(database.dataSource());
    tokens = new JdbcAccessTokenStore(database.dataSource());
    credentials = new MerchantCredentials(merchants, channels, clock, Duration.ofDays(1));
    policies = new RetryPolicies(policyStore, clock);
    paynotify =
        Paynotify.builder(queue, reports, merchants, credentials)
            .transport(HttpClient5Transport::new)
            .policies(policies)
            .clock(clock)
            .lease(lease)
            .channels(channels)
            .tokens(tokens)
            .build();
  }

  /** Stores a notification as given, straight into the queue; returns it as stored. */
  public Notification create(Notification notification) {
    return new NotificationStores(queue, reports).create(notification).notification();
  }

  @Override
  public void close() {
    paynotify.close();
    database.close();
  }
}
