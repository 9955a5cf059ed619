package com.paynotify.examples.shop;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class SampleShopOnMariaDbTest extends SampleShopEndToEndContract {

  @Override
  TestDatabase openShopDatabase() {
    return TestDatabases.mariadb();
  }
}
