package com.paynotify.alert;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An operational alert, open until {@code resolvedAt} is set.
 *
 * @param merchantId the merchant it concerns; null for {@link AlertKind#BACKLOG_AGE}
 * @param message what happened, for a person; never holds a key or a secret
 */
public record Alert(
    String id,
    AlertKind kind,
    @Nullable String merchantId,
    String message,
    Instant openedAt,
    @Nullable Instant resolvedAt) {

  public boolean open() {
    return resolvedAt == null;
  }

  Alert resolved(Instant at) {
    return new Alert(id, kind, merchantId, message, openedAt, at);
  }
}
