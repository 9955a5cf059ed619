package com.paynotify.access;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change someone made.
 *
 * @param seq the entry's place in the log, assigned by the store (0 before it is stored)
 * @param actor who: {@code user:alice}, {@code token:checkout-service} or {@code api-token}
 * @param action what, as {@code noun.verb}: {@code notification.retry}, {@code token.create}
 * @param target what it was done to (a notification or merchant id), or null
 * @param detail a short note without secrets (an abandon reason, a bulk filter), or null
 */
public record AuditEntry(
    long seq,
    Instant at,
    String actor,
    String action,
    @Nullable String target,
    @Nullable String detail) {
  public static final int MAX_DETAIL_CHARS = 1000;

  public static AuditEntry of(
      Instant at, String actor, String action, @Nullable String target, @Nullable String detail) {
    return new AuditEntry(0, at, actor, action, target, detail);
  }
}
