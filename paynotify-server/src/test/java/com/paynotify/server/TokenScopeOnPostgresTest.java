package com.paynotify.server;

import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class TokenScopeOnPostgresTest extends TokenScopeContract {
  /** Dropped when the JVM exits, after Spring has closed the context that uses it. */
  private static TestDatabase database;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    if (database == null) {
      database = TestDatabases.postgres();
    }
    var db = database;
    registry.add("spring.datasource.url", db::jdbcUrl);
    registry.add("spring.datasource.username", db::username);
    registry.add("spring.datasource.password", db::password);
  }
}
