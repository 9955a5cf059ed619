package com.paynotify.server.security;

import com.paynotify.access.AuditPurge;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code paynotify.audit.*}.
 *
 * @param retention how long audit entries are kept; older ones are purged with the notifications'
 *     purge (paynotify.purge-interval)
 */
@ConfigurationProperties("paynotify.audit")
public record AuditProperties(@Nullable Duration retention) {

  public AuditProperties {
    retention = retention != null ? retention : AuditPurge.DEFAULT_RETENTION;
  }
}
