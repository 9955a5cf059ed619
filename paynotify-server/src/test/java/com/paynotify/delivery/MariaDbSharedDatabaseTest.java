package com.paynotify.delivery;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;

class MariaDbSharedDatabaseTest extends SharedDatabaseContract {
  @Override
  protected TestDatabase newDatabase() {
    return TestDatabases.mariadb();
  }
}
