package com.paynotify.examples.shop;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class SampleShopOnPostgresTest extends SampleShopEndToEndContract {

  @Override
  TestDatabase openShopDatabase() {
    return TestDatabases.postgres();
  }
}
