package com.paynotify.examples.shop;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class SampleShopOnH2Test extends SampleShopEndToEndContract {

  @Override
  TestDatabase openShopDatabase() {
    return TestDatabases.h2();
  }
}
