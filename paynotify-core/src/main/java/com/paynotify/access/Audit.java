package com.paynotify.access;

import com.paynotify.InvalidRequestException;
import com.paynotify.notification.Page;
import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * The audit log's use cases: record who changed what, read it newest first, and purge what is past
 * its retention. Thread-safe.
 */
public final class Audit {
  /** The largest page {@link #search} returns. */
  public static final int MAX_PAGE_SIZE = 500;

  private final AuditLog log;
  private final AuditPurge purge;
  private final InstantSource clock;

  /**
   * An audit over {@code log} whose entries older than {@code retention} go in batches of {@code
   * batchSize}.
   */
  public Audit(AuditLog log, Duration retention, int batchSize, InstantSource clock) {
    this.log = log;
    this.purge = new AuditPurge(log, retention, batchSize, clock);
    this.clock = clock;
  }

  /** Appends that {@code actor} did {@code action} on {@code target} now; a long detail is cut. */
  public void record(
      String actor, String action, @Nullable String target, @Nullable String detail) {
    log.record(AuditEntry.of(clock.instant(), actor, action, target, detail));
  }

  /**
   * One page of entries, newest first.
   *
   * @param page zero-based
   * @param size 1 to {@value #MAX_PAGE_SIZE}
   * @throws InvalidRequestException naming {@code page} or {@code size} when out of range
   */
  public Page<AuditEntry> search(int page, int size) {
    if (page < 0) {
      throw InvalidRequestException.invalid("page", page + " must be 0 or more");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw InvalidRequestException.invalid(
          "size", size + " must be between 1 and " + MAX_PAGE_SIZE);
    }
    return log.find(page, size);
  }

  /** Deletes every entry past the retention now, in batches; returns how many were deleted. */
  public int purge() {
    return purge.run();
  }
}
