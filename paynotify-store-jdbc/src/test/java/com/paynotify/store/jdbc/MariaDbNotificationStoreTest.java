package com.paynotify.store.jdbc;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class MariaDbNotificationStoreTest extends JdbcStoreTest {

  @Override
  TestDatabase openDatabase() {
    return TestDatabases.mariadb();
  }

  @Override
  Dialect expectedDialect() {
    return Dialect.MYSQL;
  }
}
