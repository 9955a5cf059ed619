package com.paynotify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.TestDatabases;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class PostgresCountersTest {

  @Test
  void countsTheCommitsAndRowWritesOfItsDatabaseTellingHotUpdatesApart() throws Exception {
    try (var database = TestDatabases.postgres();
        var counters =
            new PostgresCounters(
                new BenchDatabase.Postgres(
                    database.jdbcUrl(), database.username(), database.name()))) {
      try (var c =
              DriverManager.getConnection(
                  database.jdbcUrl(), database.username(), database.password());
          var s = c.createStatement()) {
        s.execute("CREATE TABLE item (id INT PRIMARY KEY, free INT, indexed INT)");
        s.execute("CREATE INDEX ix_item_indexed ON item (indexed)");
      }
      var before = counters.read();

      // A backend publishes its counters when it ends, so closing the connection makes them
      // visible.
      try (var c =
              DriverManager.getConnection(
                  database.jdbcUrl(), database.username(), database.password());
          var s = c.createStatement()) {
        s.execute("INSERT INTO item SELECT g, 0, 0 FROM generate_series(1, 100) g");
        s.execute("UPDATE item SET free = 1 WHERE id <= 10");
        s.execute("UPDATE item SET indexed = 1 WHERE id > 95");
      }
      var after = readUntilPublished(counters, before);

      var delta = counters.between(before, after);
      var item = delta.tables().get("item");
      assertThat(item.inserts()).isEqualTo(100);
      assertThat(item.updates()).isEqualTo(15);
      assertThat(item.hotUpdates()).isEqualTo(10);
    }
  }

  /** The ended backend's counters reach shared memory a moment after its connection closed. */
  private static PostgresCounters.Reading readUntilPublished(
      PostgresCounters counters, PostgresCounters.Reading before) throws Exception {
    var deadline = System.nanoTime() + 15_000_000_000L;
    var reading = counters.read();
    while (counters.between(before, reading).tables().get("item") == null
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      reading = counters.read();
    }
    return reading;
  }
}
