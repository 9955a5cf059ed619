package com.paynotify.server.config;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.MutableClock;
import com.paynotify.testkit.NotificationStores;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scrapes share one backlog measurement per ttl, so scraping never hammers the database. */
class BacklogProbeTest {
  private final MutableClock clock = new MutableClock(T0);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TestDatabase database;
  private NotificationStores stores;
  private BacklogProbe probe;

  @BeforeEach
  void setUp() {
    database = TestDatabases.h2();
    JdbcSchema.migrate(database.dataSource());
    var reports =
        new TimedNotificationReports(
            new JdbcNotificationReports(database.dataSource()), new StoreTimer(registry));
    stores = new NotificationStores(new JdbcDeliveryQueue(database.dataSource()), reports);
    probe = new BacklogProbe(reports, clock, Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void measuresOncePerTtlAndReportsTheOldestDueAge() {
    stores.create(aNotification().nextAttemptAt(T0.minusSeconds(30)).build());

    var first = probe.backlog();
    stores.create(aNotification().nextAttemptAt(T0.minusSeconds(90)).build());
    clock.tick(Duration.ofSeconds(4));
    var cached = probe.backlog();
    double cachedAge = probe.oldestDueAgeSeconds();
    clock.tick(Duration.ofSeconds(1));
    var fresh = probe.backlog();

    assertThat(first.due()).isOne();
    assertThat(cached).isEqualTo(first);
    assertThat(cachedAge).isEqualTo(30.0);
    assertThat(fresh.due()).isEqualTo(2);
    assertThat(probe.oldestDueAgeSeconds()).isEqualTo(95.0);
    assertThat(registry.get(StoreTimer.METER).tag("operation", "backlog").timer().count())
        .isEqualTo(2);
  }
}
