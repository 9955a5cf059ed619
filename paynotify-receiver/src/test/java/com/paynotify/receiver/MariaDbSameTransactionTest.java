package com.paynotify.receiver;

import javax.sql.DataSource;

class MariaDbSameTransactionTest extends SameTransactionContract {
  private TestServers.FreshDatabase database;

  @Override
  DataSource openDatabase() {
    database = TestServers.mariaDb();
    return database.dataSource();
  }

  @Override
  void closeDatabase() throws Exception {
    database.close();
  }
}
