package com.paynotify.testkit;

import static com.paynotify.testkit.Notifications.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.access.AuditEntry;
import com.paynotify.access.AuditLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link AuditLog} must have. Subclass it once per store and database. */
public abstract class AuditLogContract {

  /** The log under test, empty at the start of each test. */
  protected AuditLog audit;

  /** A log holding no entries, called before each test. */
  protected abstract AuditLog emptyAuditLog();

  @BeforeEach
  void startWithAnEmptyAuditLog() {
    audit = emptyAuditLog();
  }

  @Test
  void pagesEntriesNewestFirstWithTheTotal() {
    for (int i = 0; i < 5; i++) {
      audit.record(
          AuditEntry.of(T0.plusSeconds(i), "user:alice", "notification.retry", "n" + i, null));
    }

    var first = audit.find(0, 2);
    var last = audit.find(2, 2);

    assertThat(first.items()).extracting(AuditEntry::target).containsExactly("n4", "n3");
    assertThat(first.total()).isEqualTo(5);
    assertThat(last.items()).extracting(AuditEntry::target).containsExactly("n0");
  }

  @Test
  void keepsWhoWhatWhenAndACutDetail() {
    var detail = "r".repeat(AuditEntry.MAX_DETAIL_CHARS + 10);

    audit.record(AuditEntry.of(T0, "token:ops", "notification.abandon", "n1", detail));

    var entry = audit.find(0, 10).items().getFirst();
    assertThat(entry.seq()).isPositive();
    assertThat(entry.at()).isEqualTo(T0);
    assertThat(entry.actor()).isEqualTo("token:ops");
    assertThat(entry.action()).isEqualTo("notification.abandon");
    assertThat(entry.target()).isEqualTo("n1");
    assertThat(entry.detail()).hasSize(AuditEntry.MAX_DETAIL_CHARS);
  }

  @Test
  void purgesOnlyEntriesOlderThanTheCutoffOldestFirstInBatches() {
    for (int i = 0; i < 5; i++) {
      audit.record(
          AuditEntry.of(T0.plusSeconds(i), "user:alice", "session.login-failed", "old" + i, null));
    }
    audit.record(AuditEntry.of(T0.plusSeconds(60), "user:alice", "session.login", "recent", null));

    int firstBatch = audit.purgeBefore(T0.plusSeconds(30), 3);
    var afterFirst = audit.find(0, 10).items();
    int secondBatch = audit.purgeBefore(T0.plusSeconds(30), 3);
    int nothingLeft = audit.purgeBefore(T0.plusSeconds(30), 3);

    assertThat(firstBatch).isEqualTo(3);
    assertThat(afterFirst).extracting(AuditEntry::target).containsExactly("recent", "old4", "old3");
    assertThat(secondBatch).isEqualTo(2);
    assertThat(nothingLeft).isZero();
    assertThat(audit.find(0, 10).items()).extracting(AuditEntry::target).containsExactly("recent");
  }
}
