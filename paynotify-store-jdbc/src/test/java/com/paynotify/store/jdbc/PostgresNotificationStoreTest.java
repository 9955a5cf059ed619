package com.paynotify.store.jdbc;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class PostgresNotificationStoreTest extends JdbcStoreTest {

  @Override
  TestDatabase openDatabase() {
    return TestDatabases.postgres();
  }

  @Override
  Dialect expectedDialect() {
    return Dialect.POSTGRESQL;
  }
}
