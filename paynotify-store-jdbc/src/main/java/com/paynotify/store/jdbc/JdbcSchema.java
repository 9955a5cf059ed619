package com.paynotify.store.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades Paynotify's tables with Flyway, using the migrations of the detected
 * dialect.
 */
public final class JdbcSchema {

  private JdbcSchema() {}

  /**
   * Applies every pending migration to the database behind {@code dataSource}. Safe to call on
   * every start, from several nodes at once: Flyway serialises them with a lock.
   */
  public static void migrate(DataSource dataSource) {
    var dialect = Dialect.of(dataSource);
    Flyway.configure()
        .dataSource(dataSource)
        .locations(dialect.migrationLocation())
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }
}
