package com.paynotify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.Paynotify;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.http.HttpClient5Transport;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.Merchant;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.store.jdbc.JdbcChannelCredentialStore;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.store.jdbc.JdbcNotificationStore;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two dispatchers, as two server instances would, sharing one database: every notification is
 * delivered, and none twice, while both claim at full speed.
 */
abstract class SharedDatabaseContract {
  private final FakeMerchant merchant = FakeMerchant.start();
  private final NetworkPolicy loopback = NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")));
  private TestDatabase database;

  protected abstract TestDatabase newDatabase();

  @AfterEach
  void tearDown() {
    merchant.close();
    if (database != null) {
      database.close();
    }
  }

  @Test
  void twoInstancesShareTheWorkAndNeverSendTheSameNotificationTwice() throws Exception {
    database = newDatabase();
    JdbcSchema.migrate(database.dataSource());
    var masterKey = MasterKey.generate();
    var merchants = new JdbcMerchantStore(database.dataSource(), masterKey);
    merchants.create(Merchant.register("shop", "Shop", List.of(), Instant.now()));
    var clock = InstantSource.system();
    var policies = new RetryPolicies();
    var credentials = new MerchantCredentials(
        merchants, new JdbcChannelCredentialStore(database.dataSource(), masterKey), clock, Duration.ofSeconds(5));
    var storeA = new JdbcNotificationStore(database.dataSource());
    var storeB = new JdbcNotificationStore(database.dataSource());
    var paynotify = Paynotify.builder(storeA, merchants, credentials).policies(policies).network(loopback).build();
    int total = 300;
    try (var transportA = new HttpClient5Transport(loopback, 64, 32);
        var transportB = new HttpClient5Transport(loopback, 64, 32);
        var a = Dispatcher.builder(storeA, credentials, transportA).batchSize(20).pollInterval(Duration.ofMillis(20)).build();
        var b = Dispatcher.builder(storeB, credentials, transportB).batchSize(20).pollInterval(Duration.ofMillis(20)).build()) {

      for (int i = 0; i < total; i++) {
        paynotify.create(new NotificationRequest("shop", Channel.WEBHOOK, "O-" + i, null, PaymentStatus.SUCCESS,
            new BigDecimal("1.00"), null, "CNY", merchant.url("/notify"), Map.of(), null, null));
      }
      a.start();
      b.start();
      merchant.awaitRequests(total, Duration.ofSeconds(30));
      awaitAllSucceeded(storeA, total);
    }

    var perId = merchant.received().stream().collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
    assertThat(perId).hasSize(total);
    assertThat(perId.values()).allMatch(count -> count == 1);
  }

  private static void awaitAllSucceeded(JdbcNotificationStore store, int total) throws InterruptedException {
    var query = new NotificationQuery(null, null, NotificationStatus.SUCCEEDED, null, null, null, 0, 1);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (store.search(query).total() < total && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(store.search(query).total()).isEqualTo(total);
  }
}
