package com.paynotify.receiver;

import javax.sql.DataSource;

class PostgresSameTransactionTest extends SameTransactionContract {
  private TestServers.FreshDatabase database;

  @Override
  DataSource openDatabase() {
    database = TestServers.postgres();
    return database.dataSource();
  }

  @Override
  void closeDatabase() throws Exception {
    database.close();
  }
}
