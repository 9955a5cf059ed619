package com.paynotify.receiver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.RedisClient;

/**
 * The machine's PostgreSQL, MariaDB and Redis, configured by environment variables. Each database
 * test gets a fresh database, dropped on close. A server that cannot be reached fails the test
 * under {@code CI=true} and skips it otherwise.
 */
final class TestServers {

  private TestServers() {}

  /** A fresh database on a server, with a small pool; closing drops it. */
  static final class FreshDatabase implements AutoCloseable {
    private final String adminUrl;
    private final Properties credentials;
    private final String name;
    final HikariDataSource dataSource;

    private FreshDatabase(String adminUrl, Properties credentials, String name, String url) {
      this.adminUrl = adminUrl;
      this.credentials = credentials;
      this.name = name;
      var config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setDataSourceProperties(credentials);
      config.setMaximumPoolSize(12);
      config.setPoolName("test-" + name);
      this.dataSource = new HikariDataSource(config);
    }

    DataSource dataSource() {
      return dataSource;
    }

    @Override
    public void close() throws SQLException {
      dataSource.close();
      try (var admin = DriverManager.getConnection(adminUrl, credentials);
          var statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }

  static FreshDatabase postgres() {
    var url = env("PAYNOTIFY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    var credentials = new Properties();
    credentials.setProperty("user", env("PAYNOTIFY_TEST_POSTGRES_USER", "postgres"));
    credentials.setProperty("connectTimeout", "3");
    return fresh("PostgreSQL", url, credentials);
  }

  static FreshDatabase mariaDb() {
    var url = env("PAYNOTIFY_TEST_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/test");
    var credentials = new Properties();
    credentials.setProperty("user", env("PAYNOTIFY_TEST_MYSQL_USER", "root"));
    credentials.setProperty("password", env("PAYNOTIFY_TEST_MYSQL_PASSWORD", ""));
    credentials.setProperty("connectTimeout", "3000");
    return fresh("MariaDB", url, credentials);
  }

  static RedisClient redis() {
    var url = env("PAYNOTIFY_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    try {
      var client = RedisClient.create(URI.create(url));
      client.ping();
      return client;
    } catch (RuntimeException e) {
      throw unavailable("Redis at " + url, e);
    }
  }

  /** A random prefix, so parallel runs never share a key. */
  static String randomSuffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  }

  private static FreshDatabase fresh(String server, String url, Properties credentials) {
    var name = "receiver_" + randomSuffix();
    try (var admin = DriverManager.getConnection(url, credentials);
        var statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw unavailable(server + " at " + url, e);
    }
    var freshUrl = url.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    return new FreshDatabase(url, credentials, name, freshUrl);
  }

  private static RuntimeException unavailable(String server, Exception cause) {
    var message = server + " is unreachable: " + cause.getMessage();
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(message + " (CI=true: a missing server fails the build)", cause);
    }
    Assumptions.abort(message + " (skipped; set CI=true to fail instead)");
    throw new IllegalStateException("unreachable");
  }

  private static String env(String name, String fallback) {
    var value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
