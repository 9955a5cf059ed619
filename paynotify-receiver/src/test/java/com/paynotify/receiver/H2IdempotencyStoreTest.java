package com.paynotify.receiver;

import com.paynotify.receiver.jdbc.JdbcIdempotencyStore;
import com.zaxxer.hikari.HikariDataSource;

class H2IdempotencyStoreTest extends IdempotencyStoreContract {
  private HikariDataSource dataSource;

  @Override
  IdempotencyStore openStore() {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(
        "jdbc:h2:mem:receiver_" + TestServers.randomSuffix() + ";DB_CLOSE_DELAY=-1");
    dataSource.setMaximumPoolSize(12);
    var store = JdbcIdempotencyStore.create(dataSource);
    store.createSchemaIfMissing();
    return store;
  }

  @Override
  void closeStore() {
    dataSource.close();
  }
}
