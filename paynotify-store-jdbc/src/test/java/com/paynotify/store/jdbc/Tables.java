package com.paynotify.store.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;

/** Empties tables between the tests that share one migrated database. */
final class Tables {
  private Tables() {}

  /** Deletes every row of the tables, in the order given (children before their parents). */
  static void deleteAll(DataSource dataSource, String... tables) {
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      for (var table : tables) {
        statement.executeUpdate("DELETE FROM " + table);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not empty " + String.join(", ", tables), e);
    }
  }
}
