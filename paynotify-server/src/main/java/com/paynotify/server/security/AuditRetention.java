package com.paynotify.server.security;

import com.paynotify.access.Audit;
import com.paynotify.server.config.PurgeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Purges the audit log past its retention on the notifications' purge schedule; a failure waits for
 * the next run.
 */
final class AuditRetention implements SchedulingConfigurer {
  private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

  private final Audit audit;
  private final PurgeProperties schedule;

  AuditRetention(Audit audit, PurgeProperties schedule) {
    this.audit = audit;
    this.schedule = schedule;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(
        new FixedDelayTask(
            this::purgeExpired, schedule.purgeInterval(), schedule.purgeInitialDelay()));
  }

  void purgeExpired() {
    try {
      audit.purge();
    } catch (RuntimeException e) {
      log.error("Audit log purge failed; will try again at the next interval", e);
    }
  }
}
