package com.paynotify.access;

import com.paynotify.notification.Page;
import java.time.Instant;

/**
 * A record of changes, appended to and never edited; entries leave it only once they are older than
 * its retention ({@link AuditPurge}). Implementations are thread-safe.
 */
public interface AuditLog {

  /** Appends an entry; a detail longer than {@link AuditEntry#MAX_DETAIL_CHARS} is cut. */
  void record(AuditEntry entry);

  /** One page of entries, newest first; {@code page} is zero-based. */
  Page<AuditEntry> find(int page, int size);

  /**
   * Deletes at most {@code limit} of the oldest entries made before {@code cutoff}; returns how
   * many.
   */
  int purgeBefore(Instant cutoff, int limit);
}
