package com.paynotify.server;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class MasterKeyNodesOnH2Test extends MasterKeyNodesContract {
  @Override
  TestDatabase openDatabase() {
    return TestDatabases.h2();
  }
}
