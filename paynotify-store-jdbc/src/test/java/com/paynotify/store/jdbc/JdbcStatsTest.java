package com.paynotify.store.jdbc;

import com.paynotify.testkit.NotificationStores;
import com.paynotify.testkit.StatsContract;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/** The statistics contract on each database, each against a fresh database of its own. */
class JdbcStatsTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class OnDatabase extends StatsContract {
    private TestDatabase database;

    abstract TestDatabase openDatabase();

    @BeforeAll
    void createSchema() {
      database = openDatabase();
      JdbcSchema.migrate(database.dataSource());
    }

    @AfterAll
    void dropDatabase() {
      if (database != null) {
        database.close();
      }
    }

    @Override
    protected NotificationStores emptyStores() {
      Tables.deleteNotifications(database.dataSource());
      return new NotificationStores(
          new JdbcDeliveryQueue(database.dataSource()),
          new JdbcNotificationReports(database.dataSource()));
    }
  }

  @Nested
  class OnH2 extends OnDatabase {
    @Override
    TestDatabase openDatabase() {
      return TestDatabases.h2();
    }
  }

  @Nested
  class OnPostgres extends OnDatabase {
    @Override
    TestDatabase openDatabase() {
      return TestDatabases.postgres();
    }
  }

  @Nested
  class OnMariaDb extends OnDatabase {
    @Override
    TestDatabase openDatabase() {
      return TestDatabases.mariadb();
    }
  }
}
