package com.paynotify.store.jdbc;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class H2PaymentStoreTest extends JdbcPaymentStoreTest {

  @Override
  TestDatabase openDatabase() {
    return TestDatabases.h2();
  }
}
