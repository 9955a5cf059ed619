package com.paynotify.receiver.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The SQL that differs per database: an insert that never raises a duplicate-key error, and a
 * bounded delete. Everything else is portable.
 */
public enum JdbcDialect {
  /**
   * {@code ON CONFLICT DO NOTHING}: a duplicate waits for the other transaction and then inserts
   * nothing; no error, so the surrounding transaction stays usable.
   */
  POSTGRESQL("postgresql") {
    @Override
    String insertIfAbsent(String table, String columns, String values) {
      return "INSERT INTO "
          + table
          + " ("
          + columns
          + ") VALUES ("
          + values
          + ")"
          + " ON CONFLICT (idempotency_key) DO NOTHING";
    }

    @Override
    String purgeBatch(String table, String condition) {
      return subqueryPurge(table, condition);
    }
  },
  /**
   * {@code INSERT IGNORE}: a duplicate key becomes a warning and 0 rows, not an error. The values
   * are checked in Java first (key and fingerprint lengths), since IGNORE would also silence a
   * truncation.
   */
  MYSQL("mysql") {
    @Override
    String insertIfAbsent(String table, String columns, String values) {
      return "INSERT IGNORE INTO " + table + " (" + columns + ") VALUES (" + values + ")";
    }

    @Override
    String purgeBatch(String table, String condition) {
      // MySQL refuses LIMIT inside an IN subquery but has DELETE ... LIMIT.
      return "DELETE FROM " + table + " WHERE " + condition + " LIMIT ?";
    }
  },
  /**
   * A plain {@code INSERT}: H2 rolls back only the failing statement on a duplicate key, never the
   * transaction, so the store catches the error (SQLState 23505) as "0 rows".
   */
  H2("h2") {
    @Override
    String insertIfAbsent(String table, String columns, String values) {
      return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")";
    }

    @Override
    String purgeBatch(String table, String condition) {
      return subqueryPurge(table, condition);
    }
  };

  private final String resourceName;

  JdbcDialect(String resourceName) {
    this.resourceName = resourceName;
  }

  abstract String insertIfAbsent(String table, String columns, String values);

  /** A delete of at most {@code ?} (the last parameter) rows matching {@code condition}. */
  abstract String purgeBatch(String table, String condition);

  private static String subqueryPurge(String table, String condition) {
    // The condition is repeated outside: a row changed after the subquery read it is re-checked.
    return "DELETE FROM "
        + table
        + " WHERE idempotency_key IN (SELECT idempotency_key FROM "
        + table
        + " WHERE "
        + condition
        + " LIMIT ?) AND "
        + condition;
  }

  /** The dialect of a connection's database, from its product name. */
  public static JdbcDialect of(Connection connection) throws SQLException {
    var product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    if (product.contains("mysql") || product.contains("mariadb")) {
      return MYSQL;
    }
    if (product.contains("h2")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "database: " + product + " is not supported; use PostgreSQL, MySQL/MariaDB or H2");
  }

  /** The DDL of the {@code paynotify_receiver_idempotency} table, as shipped in the jar. */
  public String ddl() {
    var path = "/com/paynotify/receiver/jdbc/" + resourceName + ".sql";
    try (var in = JdbcDialect.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  /** The DDL split into statements, ready for {@link java.sql.Statement#execute}. */
  public List<String> ddlStatements() {
    return Arrays.stream(ddl().split(";"))
        .map(
            s ->
                s.lines()
                    .filter(l -> !l.strip().startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
