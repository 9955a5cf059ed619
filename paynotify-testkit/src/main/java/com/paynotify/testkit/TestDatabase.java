package com.paynotify.testkit;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread dropOnExit = Thread.ofPlatform().unstarted(this::closeQuietly);

  TestDatabase(
      String name,
      String jdbcUrl,
      String username,
      String password,
      int poolSize,
      Dropper dropper) {
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
    // A run that ends without close() (a failed @BeforeAll, Ctrl-C) still leaves no database
    // behind.
    Runtime.getRuntime().addShutdownHook(dropOnExit);
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

  /** Closes the pool and drops the database; a second call does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(dropOnExit);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook itself.
    }
    dataSource.close();
    try {
      dropper.drop();
    } catch (Exception e) {
      throw new IllegalStateException("could not drop test database " + name, e);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("could not drop " + name + ": " + e);
    }
  }

  @Override
  public String toString() {
    return "TestDatabase[" + jdbcUrl + "]";
  }
}
