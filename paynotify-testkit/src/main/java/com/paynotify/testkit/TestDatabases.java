package com.paynotify.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh databases for tests: H2 in memory, and a new database on the machine's PostgreSQL or
 * MariaDB server, named {@code paynotify_<random>} and dropped by {@link TestDatabase#close()}.
 *
 * <p>Servers are found through environment variables ({@code PAYNOTIFY_TEST_POSTGRES_URL}, {@code
 * _USER}, {@code _PASSWORD}; {@code PAYNOTIFY_TEST_MYSQL_URL}, {@code _USER}, {@code _PASSWORD}),
 * with local defaults. When a server cannot be reached the calling test is skipped, unless {@code
 * CI=true}, where it fails: on CI a missing server is a broken build, never a silent skip.
 *
 * <pre>{@code
 * static TestDatabase database = TestDatabases.postgres();   // in @BeforeAll
 * database.dataSource() ... database.close();                 // in @AfterAll
 * }</pre>
 */
public final class TestDatabases {
  /** Connections in each pool: enough for a few concurrent claimers, small for a shared machine. */
  public static final int POOL_SIZE = 6;

  private static final Pattern DATABASE_IN_URL =
      Pattern.compile("^(jdbc:[a-z]+://[^/?;]+)(/[^?;]*)?(.*)$");

  private TestDatabases() {}

  /** A fresh in-memory H2 database, gone after {@link TestDatabase#close()}. */
  public static TestDatabase h2() {
    var name = freshName();
    var url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    return new TestDatabase(
        name,
        url,
        "sa",
        "",
        POOL_SIZE,
        () -> {
          try (var connection = DriverManager.getConnection(url, "sa", "");
              var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
          }
        });
  }

  /**
   * A fresh database on the PostgreSQL server of {@code PAYNOTIFY_TEST_POSTGRES_URL} (default
   * {@code jdbc:postgresql://127.0.0.1:5432/test}), as {@code PAYNOTIFY_TEST_POSTGRES_USER}
   * (default: {@code postgres}, else {@code root}, for trust authentication).
   */
  public static TestDatabase postgres() {
    var url = env("PAYNOTIFY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    var users = users("PAYNOTIFY_TEST_POSTGRES_USER", "postgres", "root");
    var password = env("PAYNOTIFY_TEST_POSTGRES_PASSWORD", "");
    var properties = new Properties();
    properties.setProperty("connectTimeout", "5");
    return create(
        "PostgreSQL",
        url,
        users,
        password,
        properties,
        name -> "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /**
   * A fresh database on the MariaDB or MySQL server of {@code PAYNOTIFY_TEST_MYSQL_URL} (default
   * {@code jdbc:mariadb://127.0.0.1:3306/test}), as {@code PAYNOTIFY_TEST_MYSQL_USER} (default
   * {@code root}).
   */
  public static TestDatabase mariadb() {
    var url = env("PAYNOTIFY_TEST_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/test");
    var users = users("PAYNOTIFY_TEST_MYSQL_USER", "root");
    var password = env("PAYNOTIFY_TEST_MYSQL_PASSWORD", "");
    var properties = new Properties();
    properties.setProperty("connectTimeout", "5000");
    return create(
        "MariaDB", url, users, password, properties, name -> "DROP DATABASE IF EXISTS " + name);
  }

  private interface DropStatement {
    String of(String name);
  }

  private static TestDatabase create(
      String server,
      String adminUrl,
      List<String> users,
      String password,
      Properties properties,
      DropStatement dropStatement) {
    var failures = new ArrayList<String>();
    @Nullable SQLException lastFailure = null;
    for (var user : users) {
      var login = new Properties();
      login.putAll(properties);
      login.setProperty("user", user);
      login.setProperty("password", password);
      try (var admin = DriverManager.getConnection(adminUrl, login)) {
        var name = freshName();
        execute(admin, "CREATE DATABASE " + name);
        return new TestDatabase(
            name,
            withDatabase(adminUrl, name),
            user,
            password,
            POOL_SIZE,
            () -> {
              try (var dropper = DriverManager.getConnection(adminUrl, login)) {
                execute(dropper, dropStatement.of(name));
              }
            });
      } catch (SQLException e) {
        failures.add(user + ": " + e.getMessage());
        lastFailure = e;
      }
    }
    throw unavailable(
        server + " at " + adminUrl + " is not usable (" + String.join("; ", failures) + ")",
        lastFailure);
  }

  private static RuntimeException unavailable(String message, @Nullable Throwable cause) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(
          message + ". CI=true, so a missing database server fails the build.", cause);
    }
    // Surefire counts a class aborted in @BeforeAll as 0 tests, so say it where it shows.
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message + "; skipped (set CI=true to fail instead)");
    throw new AssertionError("unreachable");
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** {@code url} with its database replaced by {@code name}, parameters kept. */
  static String withDatabase(String url, String name) {
    var matcher = DATABASE_IN_URL.matcher(url);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "JDBC URL: '"
              + url
              + "' is not of the form jdbc:<driver>://host[:port][/database][?...]");
    }
    return matcher.group(1) + "/" + name + matcher.group(3);
  }

  private static String freshName() {
    return "paynotify_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static String env(String name, String fallback) {
    var value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The user named by {@code variable}, else the fallbacks in order. */
  private static List<String> users(String variable, String... fallbacks) {
    var value = System.getenv(variable);
    return value == null || value.isBlank() ? List.of(fallbacks) : List.of(value);
  }
}
