package com.paynotify.receiver;

import com.paynotify.receiver.jdbc.JdbcIdempotencyStore;

class PostgresIdempotencyStoreTest extends IdempotencyStoreContract {
  private TestServers.FreshDatabase database;

  @Override
  IdempotencyStore openStore() {
    database = TestServers.postgres();
    var store = JdbcIdempotencyStore.create(database.dataSource());
    store.createSchemaIfMissing();
    return store;
  }

  @Override
  void closeStore() throws Exception {
    database.close();
  }
}
