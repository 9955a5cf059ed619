package com.paynotify.delivery;

import com.paynotify.merchant.MasterKey;
import com.paynotify.store.jdbc.JdbcChannelCredentialStore;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

/**
 * A fresh database, migrated, with the JDBC stores an engine runs on; the merchants' and the
 * channels' keys sealed with one master key. Closing it drops the database.
 */
final class EngineStores implements AutoCloseable {
  final TestDatabase database;
  final JdbcDeliveryQueue queue;
  final JdbcNotificationReports reports;
  final JdbcMerchantStore merchants;
  final JdbcChannelCredentialStore channels;

  EngineStores(TestDatabase database) {
    this.database = database;
    JdbcSchema.migrate(database.dataSource());
    var masterKey = MasterKey.generate();
    this.queue = new JdbcDeliveryQueue(database.dataSource());
    this.reports = new JdbcNotificationReports(database.dataSource());
    this.merchants = new JdbcMerchantStore(database.dataSource(), masterKey);
    this.channels = new JdbcChannelCredentialStore(database.dataSource(), masterKey);
  }

  /** On a fresh in-memory H2 database. */
  static EngineStores onH2() {
    return new EngineStores(TestDatabases.h2());
  }

  @Override
  public void close() {
    database.close();
  }
}
