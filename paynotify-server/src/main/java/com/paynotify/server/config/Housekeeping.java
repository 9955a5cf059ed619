package com.paynotify.server.config;

import com.paynotify.notification.RetentionPurge;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicyStore;
import com.paynotify.store.jdbc.JdbcStatsRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Periodic chores: purge old notifications and the minute statistics counters past their window,
 * and pick up retry policies other nodes defined. Each catches its own failures so the schedule
 * keeps running.
 */
@Component
class Housekeeping implements SchedulingConfigurer {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final RetentionPurge purge;
  private final JdbcStatsRetention statsRetention;
  private final RetryPolicies policies;
  private final RetryPolicyStore policyStore;
  private final PurgeProperties schedule;

  Housekeeping(
      RetentionPurge purge,
      JdbcStatsRetention statsRetention,
      RetryPolicies policies,
      RetryPolicyStore policyStore,
      PurgeProperties schedule) {
    this.purge = purge;
    this.statsRetention = statsRetention;
    this.policies = policies;
    this.policyStore = policyStore;
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
      purge.run();
    } catch (RuntimeException e) {
      log.error("Retention purge failed; will try again at the next interval", e);
    }
    try {
      int deleted = statsRetention.purge();
      if (deleted > 0) {
        log.info(
            "Purged {} minute statistics rows older than {} (kept per hour)",
            deleted,
            statsRetention.minuteRetention());
      }
    } catch (RuntimeException e) {
      log.error("Minute statistics purge failed; will try again at the next interval", e);
    }
  }

  @Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
  void refreshPolicies() {
    try {
      policyStore.findAll().forEach(policies::define);
    } catch (RuntimeException e) {
      log.warn("Could not refresh retry policies from the store; keeping the known ones", e);
    }
  }
}
