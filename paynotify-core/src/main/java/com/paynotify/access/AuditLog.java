package com.paynotify.access;

import com.paynotify.notification.Page;

/** An append-only record of changes. Implementations are thread-safe. */
public interface AuditLog {

  /** Appends an entry; a detail longer than {@link AuditEntry#MAX_DETAIL_CHARS} is cut. */
  void record(AuditEntry entry);

  /** One page of entries, newest first; {@code page} is zero-based. */
  Page<AuditEntry> find(int page, int size);
}
