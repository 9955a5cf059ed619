package com.paynotify.store.jdbc;

import com.paynotify.ConflictException;
import com.paynotify.RefusedValueException;
import com.paynotify.StoreException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A small JDBC runner, so the stores need no JdbcTemplate. {@link SQLException} is wrapped here and
 * nowhere else: a refused value (SQL state class 22 or 23, the request's fault) into {@link
 * RefusedValueException} or, for a duplicate key, {@link ConflictException}; anything else into
 * {@link StoreException}. Instants are bound and read as UTC {@link LocalDateTime}s at millisecond
 * precision, whatever the JVM's or the session's time zone.
 */
final class Jdbc {
  private static final Pattern COLUMN =
      Pattern.compile("column [\"'`]?(?:[A-Za-z0-9_]+\\.)*([A-Za-z][A-Za-z0-9_]*)");
  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Sets the parameters of a statement. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Sets the parameters of a statement for one item of a batch. */
  @FunctionalInterface
  interface ItemBinder<T> {
    void bind(PreparedStatement statement, T item) throws SQLException;
  }

  /** Maps the current row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Runs {@code work} on a connection in auto-commit mode. */
  <T> T withConnection(String what, Work<T> work) {
    try (var connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw wrap(what, e);
    }
  }

  /** Runs {@code work} in one transaction at the connection's default isolation. */
  <T> T inTransaction(String what, Work<T> work) {
    return inTransaction(what, -1, work);
  }

  /**
   * Runs {@code work} in one transaction, committed if it returns and rolled back if it throws.
   *
   * @param isolation a {@code Connection.TRANSACTION_*} level, or -1 for the default
   */
  <T> T inTransaction(String what, int isolation, Work<T> work) {
    try (var connection = dataSource.getConnection()) {
      // Some drivers ask the server for the isolation, so only look when changing it.
      int previousIsolation = isolation == -1 ? -1 : connection.getTransactionIsolation();
      boolean changeIsolation = isolation != previousIsolation;
      boolean previousAutoCommit = connection.getAutoCommit();
      if (changeIsolation) {
        connection.setTransactionIsolation(isolation);
      }
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        // Hand the connection back as it came, for pools that do not reset it themselves.
        connection.setAutoCommit(previousAutoCommit);
        if (changeIsolation) {
          connection.setTransactionIsolation(previousIsolation);
        }
      }
    } catch (SQLException e) {
      throw wrap(what, e);
    }
  }

  /**
   * A value too long, out of range or against a constraint is the request's fault; anything else
   * (no connection, a timeout, a deadlock) is the database's.
   */
  static RuntimeException wrap(String what, SQLException e) {
    var state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("23505") || (state.equals("23000") && e.getErrorCode() == 1062)) {
      return new ConflictException(what + " failed: a value that must be unique is already stored");
    }
    if (state.startsWith("22") || state.startsWith("23")) {
      var field = refusedField(e.getMessage());
      return new RefusedValueException(
          field,
          (field == null ? "a value" : field)
              + ": refused by the database as too long, out of range or"
              + " against a constraint (SQL state "
              + state
              + ")",
          e);
    }
    return new StoreException(what + " failed: " + e.getMessage(), e);
  }

  /**
   * The request field of the column a refusal names: H2 says {@code column "NAME CHARACTER
   * VARYING(200)"}, MySQL and MariaDB {@code column 'name'}; PostgreSQL names none for a value too
   * long.
   */
  static @Nullable String refusedField(@Nullable String message) {
    if (message == null) {
      return null;
    }
    var matcher = COLUMN.matcher(message);
    if (!matcher.find()) {
      return null;
    }
    var column = matcher.group(1).toLowerCase(Locale.ROOT);
    var field = new StringBuilder();
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        field.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return field.toString();
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  static <T> List<T> query(Connection connection, String sql, Binder binder, RowMapper<T> mapper)
      throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      try (var rows = statement.executeQuery()) {
        var result = new ArrayList<T>();
        while (rows.next()) {
          result.add(mapper.map(rows));
        }
        return result;
      }
    }
  }

  static <T> Optional<T> queryOne(
      Connection connection, String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
    var rows = query(connection, sql, binder, mapper);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  static long queryLong(Connection connection, String sql, Binder binder) throws SQLException {
    return queryOne(connection, sql, binder, row -> row.getLong(1)).orElse(0L);
  }

  static int update(Connection connection, String sql, Binder binder) throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    }
  }

  /** Runs {@code sql} once per item as one JDBC batch; returns what the driver reports per item. */
  static <T> int[] batch(Connection connection, String sql, List<T> items, ItemBinder<T> binder)
      throws SQLException {
    if (items.isEmpty()) {
      return new int[0];
    }
    try (var statement = connection.prepareStatement(sql)) {
      for (var item : items) {
        binder.bind(statement, item);
        statement.addBatch();
      }
      return statement.executeBatch();
    }
  }

  /**
   * The update counts of a batch, which a version-checked write needs to tell a done write from a
   * stale one.
   *
   * @throws IllegalStateException if the driver did not report them (MariaDB's {@code
   *     useBulkStmts})
   */
  static int[] requireCounts(int[] counts) {
    for (int count : counts) {
      if (count == Statement.SUCCESS_NO_INFO) {
        throw new IllegalStateException(
            "the JDBC driver did not report the update counts of a batch; for MariaDB, do not set useBulkStmts");
      }
    }
    return counts;
  }

  /**
   * Checks the row count of a write that must touch exactly one row: an insert, or an update of a
   * row this transaction holds locked. Any other count is not a race the caller could lose but a
   * bug (a wrong key, a missing lock), so it fails the write, and its transaction, loudly.
   *
   * @throws IllegalStateException if {@code count} is not 1
   */
  static int requireOne(int count, String what) {
    return requireBetween(count, 1, 1, what);
  }

  /**
   * Checks the row count of a conditional write of one row by its key: 1 when it applied, 0 when
   * the row was gone or changed meanwhile; more would mean the key is not unique, a bug.
   *
   * @throws IllegalStateException if {@code count} is neither 0 nor 1
   */
  static int requireAtMostOne(int count, String what) {
    return requireBetween(count, 0, 1, what);
  }

  /**
   * Checks a row count against what the statement can explain.
   *
   * @throws IllegalStateException naming the write and the count if it is outside {@code [min,
   *     max]}
   */
  static int requireBetween(int count, int min, int max, String what) {
    if (count < min || count > max) {
      throw new IllegalStateException(
          what
              + ": "
              + count
              + " rows written where "
              + (min == max ? String.valueOf(min) : min + " to " + max)
              + " were expected. This indicates a bug.");
    }
    return count;
  }

  /** {@link #requireBetween} for each count of a batch, with the driver's counts required. */
  static int[] requireEachBetween(int[] counts, int min, int max, String what) {
    for (int count : requireCounts(counts)) {
      requireBetween(count, min, max, what);
    }
    return counts;
  }

  /** A placeholder list {@code ?, ?, ?} of {@code n} parameters. */
  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** Cuts an instant to what the database keeps: milliseconds, truncated. */
  static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  static @Nullable Instant millisOrNull(@Nullable Instant instant) {
    return instant == null ? null : millis(instant);
  }

  static void setInstant(PreparedStatement statement, int index, @Nullable Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setObject(index, LocalDateTime.ofInstant(millis(instant), ZoneOffset.UTC));
    }
  }

  static @Nullable Instant getInstant(ResultSet row, String column) throws SQLException {
    var value = row.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  static Instant getRequiredInstant(ResultSet row, String column) throws SQLException {
    var value = getInstant(row, column);
    if (value == null) {
      throw new IllegalStateException(column + ": is null in the database");
    }
    return value;
  }

  static void setNullableInt(PreparedStatement statement, int index, @Nullable Integer value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }

  static @Nullable Integer getNullableInt(ResultSet row, String column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }

  static void setNullableString(PreparedStatement statement, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /** Cuts text to what its column holds. */
  static @Nullable String truncate(@Nullable String text, int maxChars) {
    return text == null || text.length() <= maxChars ? text : text.substring(0, maxChars);
  }

  /** A list bound for {@link Dialect#anyOf}, as one value of a WHERE clause's values. */
  record AnyOf(Dialect dialect, List<String> values) {}

  /** Binds parameters in order, so each bound value can carry its own comment. */
  static final class Params {
    private final PreparedStatement statement;
    private int index;

    Params(PreparedStatement statement) {
      this.statement = statement;
    }

    Params string(@Nullable String value) throws SQLException {
      setNullableString(statement, ++index, value);
      return this;
    }

    Params integer(@Nullable Integer value) throws SQLException {
      setNullableInt(statement, ++index, value);
      return this;
    }

    Params bigint(long value) throws SQLException {
      statement.setLong(++index, value);
      return this;
    }

    Params decimal(@Nullable BigDecimal value) throws SQLException {
      if (value == null) {
        statement.setNull(++index, Types.DECIMAL);
      } else {
        statement.setBigDecimal(++index, value);
      }
      return this;
    }

    Params instant(@Nullable Instant value) throws SQLException {
      setInstant(statement, ++index, value);
      return this;
    }

    /** Binds a SQL array of {@code type} holding {@code values}. */
    Params array(String type, List<String> values) throws SQLException {
      statement.setArray(++index, statement.getConnection().createArrayOf(type, values.toArray()));
      return this;
    }

    /** Binds each value by its type: strings, instants, integers, longs and {@link AnyOf} lists. */
    Params all(List<?> values) throws SQLException {
      for (var value : values) {
        switch (value) {
          case String text -> string(text);
          case Instant instant -> instant(instant);
          case Integer number -> integer(number);
          case Long number -> bigint(number);
          case AnyOf any -> any.dialect().bindAnyOf(this, any.values());
          default ->
              throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
        }
      }
      return this;
    }
  }
}
