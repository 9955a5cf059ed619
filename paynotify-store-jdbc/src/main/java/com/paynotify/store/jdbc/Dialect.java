package com.paynotify.store.jdbc;

import com.paynotify.StoreException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The few things that differ between the supported databases: where their migrations live, how a
 * unique violation is reported, and the isolation a claim runs under. The SQL itself is shared.
 */
public enum Dialect {
  H2("h2"),
  POSTGRESQL("postgresql"),
  /** MySQL 8 and MariaDB 10.6 or later (both have {@code SKIP LOCKED}). */
  MYSQL("mysql");

  /**
   * A lower bound for ranges of {@code due_at}, before any due time (and the earliest MySQL's
   * DATETIME holds). H2 starts a range with no lower bound at the first index entry, the NULLs of
   * every ended notification included, and reads them all; with this bound it seeks to the first
   * due time, as the others do anyway.
   */
  static final String BEFORE_ANY_DUE_TIME = "TIMESTAMP '1000-01-01 00:00:00'";

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** Detects the dialect of the database behind {@code dataSource}, using one connection. */
  public static Dialect of(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return of(connection.getMetaData());
    } catch (SQLException e) {
      throw new StoreException("could not connect to detect the database", e);
    }
  }

  /** Detects the dialect from {@link DatabaseMetaData#getDatabaseProductName()}. */
  public static Dialect of(DatabaseMetaData metaData) throws SQLException {
    var product = metaData.getDatabaseProductName();
    var name = product.toLowerCase(Locale.ROOT);
    if (name.contains("h2")) return H2;
    if (name.contains("postgresql")) return POSTGRESQL;
    if (name.contains("mysql") || name.contains("mariadb")) return MYSQL;
    throw new IllegalArgumentException(
        "database: '" + product + "' is not supported; use H2, PostgreSQL, MySQL or MariaDB");
  }

  /** The Flyway location of this dialect's migrations. */
  public String migrationLocation() {
    return "classpath:db/migration/" + folder;
  }

  /**
   * The isolation of the claim and purge transactions. MySQL's default REPEATABLE READ takes gap
   * locks on the scanned range, which would make concurrent claimers wait on each other despite
   * {@code SKIP LOCKED}; READ COMMITTED locks only the rows it returns. The others already default
   * to READ COMMITTED.
   */
  int claimIsolation() {
    return Connection.TRANSACTION_READ_COMMITTED;
  }

  /**
   * SQL for the whole seconds from the epoch to {@code column}, a timestamp without time zone
   * holding UTC; independent of the session's time zone.
   */
  String epochSeconds(String column) {
    return switch (this) {
      // EXTRACT(EPOCH FROM timestamp) counts nominal seconds, ignoring the session's zone.
      case POSTGRESQL -> "CAST(FLOOR(EXTRACT(EPOCH FROM " + column + ")) AS BIGINT)";
      case H2, MYSQL -> "TIMESTAMPDIFF(SECOND, TIMESTAMP '1970-01-01 00:00:00', " + column + ")";
    };
  }

  /**
   * The sizes an IN list is padded to, so that the databases that take no arrays see a handful of
   * distinct statements instead of one per list length; past the last, a multiple of it.
   */
  private static final int[] IN_LIST_SIZES = {1, 8, 32, 200, 1000};

  /**
   * SQL matching {@code column} against a list of {@code count} values, bound with {@link
   * #bindAnyOf}: {@code column = ANY(?)} with one array on PostgreSQL, a plan that is the same for
   * every length; elsewhere an IN list padded to one of a few fixed sizes.
   */
  String anyOf(String column, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count: " + count + " must be at least 1");
    }
    return switch (this) {
      case POSTGRESQL -> column + " = ANY(?)";
      case H2, MYSQL -> column + " IN (" + Jdbc.placeholders(paddedSize(count)) + ")";
    };
  }

  /**
   * Binds {@code values} for {@link #anyOf}: one array, or the padded list repeating the last
   * value.
   */
  void bindAnyOf(Jdbc.Params params, List<String> values) throws SQLException {
    switch (this) {
      case POSTGRESQL -> params.array("varchar", values);
      case H2, MYSQL -> {
        for (var value : values) {
          params.string(value);
        }
        // A repeated value matches nothing more, so padding changes no result.
        for (int i = values.size(); i < paddedSize(values.size()); i++) {
          params.string(values.getLast());
        }
      }
    }
  }

  static int paddedSize(int count) {
    for (int size : IN_LIST_SIZES) {
      if (count <= size) {
        return size;
      }
    }
    int largest = IN_LIST_SIZES[IN_LIST_SIZES.length - 1];
    return (count + largest - 1) / largest * largest;
  }

  /**
   * {@code table} in a FROM clause, read through {@code index}, for the few queries whose right
   * index H2 does not pick on its own: given an equality on {@code status}, it prefers the status
   * index to a range of {@code due_at} and counts every waiting row. MySQL, whose choice depends on
   * its statistics, is held to the same index; PostgreSQL plans them from its partial indexes, and
   * has no hints.
   */
  String through(String table, String index) {
    return switch (this) {
      case H2 -> table + " USE INDEX (" + index + ")";
      case MYSQL -> table + " FORCE INDEX (" + index + ")";
      case POSTGRESQL -> table;
    };
  }

  /** Whether {@code e} reports a duplicate key in a unique index or primary key. */
  boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      // MySQL reports every integrity violation as 23000; 1062 is ER_DUP_ENTRY.
      case MYSQL -> e.getErrorCode() == 1062;
      case H2, POSTGRESQL -> "23505".equals(e.getSQLState());
    };
  }
}
