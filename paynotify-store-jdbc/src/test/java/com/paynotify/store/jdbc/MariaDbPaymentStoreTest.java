package com.paynotify.store.jdbc;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class MariaDbPaymentStoreTest extends JdbcPaymentStoreTest {

  @Override
  TestDatabase openDatabase() {
    return TestDatabases.mariadb();
  }
}
