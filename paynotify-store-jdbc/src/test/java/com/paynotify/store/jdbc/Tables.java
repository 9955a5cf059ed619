package com.paynotify.store.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;

/** Empties tables between the tests that share one migrated database. */
final class Tables {
  private Tables() {}

  /**
   * Deletes every notification, attempt and statistics counter, and zeroes the PENDING counters.
   */
  static void deleteNotifications(DataSource dataSource) {
    deleteAll(dataSource, "attempt", "notification", "stats_rollup", "stats_rollup_hour");
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE pending_count SET pending = 0"); // its 8 rows stay, as V14 made them
    } catch (SQLException e) {
      throw new IllegalStateException("could not zero pending_count", e);
    }
  }

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
