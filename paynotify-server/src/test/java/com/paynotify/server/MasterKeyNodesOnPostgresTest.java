package com.paynotify.server;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class MasterKeyNodesOnPostgresTest extends MasterKeyNodesContract {
  @Override
  TestDatabase openDatabase() {
    return TestDatabases.postgres();
  }
}
