package com.paynotify.server.security;

import com.paynotify.access.AuditEntry;
import com.paynotify.access.AuditLog;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each change to the audit log once it is made, by the caller of the request. A failure to
 * write is logged, not answered: the change is made, and an error now would invite a repeat of it.
 */
public final class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AuditLog audit;
  private final InstantSource clock;

  AuditTrail(AuditLog audit, InstantSource clock) {
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * A change the current caller made.
   *
   * @param target what it acts on (an id), or null
   * @param namesAndValues the detail worth keeping, never a secret: name, value, name, value...;
   *     null values are left out, the rest kept as compact JSON
   */
  public void record(String action, @Nullable String target, @Nullable Object... namesAndValues) {
    var detail = JSON.createObjectNode();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        detail.set(String.valueOf(namesAndValues[i]), JSON.valueToTree(namesAndValues[i + 1]));
      }
    }
    record(
        Caller.current().name(),
        action,
        target,
        detail.isEmpty() ? null : JSON.writeValueAsString(detail));
  }

  void record(String actor, String action, @Nullable String target, @Nullable String detail) {
    try {
      audit.record(AuditEntry.of(clock.instant(), actor, action, target, detail));
    } catch (RuntimeException e) {
      log.error("Could not write the audit entry {} by {} on {}", action, actor, target, e);
    }
  }
}
