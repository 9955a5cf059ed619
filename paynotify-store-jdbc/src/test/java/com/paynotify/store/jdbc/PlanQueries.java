package com.paynotify.store.jdbc;

import com.paynotify.testkit.TestDatabase;
import java.sql.SQLException;

/** What the plan tests ask a database: statements to set it up, and plans read as text. */
final class PlanQueries {
  private PlanQueries() {}

  /** Runs {@code sql}, failing the test with the statement when the database refuses it. */
  static void execute(TestDatabase database, String sql) {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /**
   * The rows {@code sql} answers with {@code values} bound, a line each: a lone column as it is,
   * several as {@code label=value} pairs (MySQL's EXPLAIN).
   */
  static String text(TestDatabase database, String sql, Object... values) throws SQLException {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      var text = new StringBuilder();
      try (var rows = statement.executeQuery()) {
        var columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
          for (int column = 1; column <= columns; column++) {
            if (columns > 1) {
              text.append(rows.getMetaData().getColumnLabel(column)).append('=');
            }
            text.append(rows.getString(column)).append(columns > 1 ? " " : "");
          }
          text.append('\n');
        }
      }
      return text.toString();
    }
  }
}
