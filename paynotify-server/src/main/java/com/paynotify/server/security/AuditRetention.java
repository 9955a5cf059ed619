package com.paynotify.server.security;

import com.paynotify.access.AuditPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/** Purges the audit log past its retention on the notifications' purge schedule; a failure waits for the next run. */
final class AuditRetention {
  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

  private final AuditPurge purge;

  AuditRetention(AuditPurge purge) {
    this.purge = purge;
  }

  @Scheduled(initialDelayString = "${paynotify.purge-initial-delay:1m}", fixedDelayString = "${paynotify.purge-interval:1h}")
  void purgeExpired() {
    try {
      purge.run();
    } catch (RuntimeException e) {
      log.error("Audit log purge failed; will try again at the next interval", e);
    }
  }
}
