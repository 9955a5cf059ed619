package com.paynotify.store.jdbc;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class H2NotificationStoreTest extends JdbcStoreTest {

  @Override
  TestDatabase openDatabase() {
    return TestDatabases.h2();
  }

  @Override
  Dialect expectedDialect() {
    return Dialect.H2;
  }
}
