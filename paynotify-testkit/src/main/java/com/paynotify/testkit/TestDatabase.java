package com.paynotify.testkit;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * A fresh, empty database made for one test run, with a small connection pool. {@link #close()}
 * closes the pool and drops the database. Made by {@link TestDatabases}.
 */
public final class TestDatabase implements AutoCloseable {

  /** Drops a database once its pool is closed. */
  @FunctionalInterface
  interface Dropper {
    void drop() throws Exception;
  }

  private final String name;
  private final String jdbcUrl;
  private final String username;
  private final String password;
  private final HikariDataSource dataSource;
  private final Dropper dropper;

  TestDatabase(String name, String jdbcUrl, String username, String password, int poolSize, Dropper dropper) {
    this.name = name;
    this.jdbcUrl = jdbcUrl;
    this.username = username;
    this.password = password;
    this.dropper = dropper;
    var pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setJdbcUrl(jdbcUrl);
    pool.setUsername(username);
    pool.setPassword(password);
    pool.setMaximumPoolSize(poolSize);
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(10_000);
    this.dataSource = pool;
  }

  /** The database's name, {@code paynotify_<random>}. */
  public String name() {
    return name;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** A URL that reaches this database, for a pool or an application context of one's own. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** Closes the pool and drops the database. */
  @Override
  public void close() {
    dataSource.close();
    try {
      dropper.drop();
    } catch (Exception e) {
      throw new IllegalStateException("could not drop test database " + name, e);
    }
  }

  @Override
  public String toString() {
    return "TestDatabase[" + jdbcUrl + "]";
  }
}
