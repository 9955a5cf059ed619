package com.paynotify.server.security;

import static com.paynotify.testkit.Notifications.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.access.AuditEntry;
import com.paynotify.access.AuditPurge;
import com.paynotify.store.jdbc.JdbcAuditLog;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.MutableClock;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditPurgeTest {
  private final MutableClock clock = new MutableClock(T0);
  private TestDatabase database;
  private JdbcAuditLog audit;

  @BeforeEach
  void setUp() {
    database = TestDatabases.h2();
    JdbcSchema.migrate(database.dataSource());
    audit = new JdbcAuditLog(database.dataSource());
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void purgesEntriesPastTheRetentionInBatchesAndKeepsTheRest() {
    for (int i = 0; i < 5; i++) {
      audit.record(
          AuditEntry.of(
              T0.minus(Duration.ofDays(91)).plusSeconds(i),
              "user:mallory",
              "session.login-failed",
              null,
              null));
    }
    audit.record(
        AuditEntry.of(T0.minus(Duration.ofDays(89)), "user:alice", "session.login", null, null));

    int purged = new AuditPurge(audit, AuditPurge.DEFAULT_RETENTION, 2, clock).run();

    assertThat(purged).isEqualTo(5);
    assertThat(audit.find(0, 10).items())
        .extracting(AuditEntry::actor)
        .containsExactly("user:alice");
  }
}
