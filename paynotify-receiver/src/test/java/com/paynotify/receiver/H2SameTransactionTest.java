package com.paynotify.receiver;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

class H2SameTransactionTest extends SameTransactionContract {
  private HikariDataSource pool;

  @Override
  DataSource openDatabase() {
    pool = new HikariDataSource();
    pool.setJdbcUrl("jdbc:h2:mem:receiver_tx_" + TestServers.randomSuffix() + ";DB_CLOSE_DELAY=-1");
    pool.setMaximumPoolSize(16);
    return pool;
  }

  @Override
  void closeDatabase() {
    pool.close();
  }
}
