package com.paynotify.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** The purges and the alert checks run on the schedules their properties records hold. */
@SpringBootTest(
    properties = {
      "paynotify.api-token=test-token",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:schedules;DB_CLOSE_DELAY=-1",
      "paynotify.purge-interval=7m",
      "paynotify.purge-initial-delay=3s",
      "paynotify.alerts.check-interval=45s"
    })
class ScheduleSettingsTest {
  @Autowired List<ScheduledTaskHolder> holders;

  record Schedule(Duration interval, Duration initialDelay) {}

  @Test
  void theConfiguredIntervalsScheduleThePurgesAndTheAlertChecks() {
    var schedules =
        holders.stream()
            .flatMap(holder -> holder.getScheduledTasks().stream())
            .map(scheduled -> scheduled.getTask())
            .filter(FixedDelayTask.class::isInstance)
            .map(FixedDelayTask.class::cast)
            .map(task -> new Schedule(task.getIntervalDuration(), task.getInitialDelayDuration()))
            .toList();

    var purge = new Schedule(Duration.ofMinutes(7), Duration.ofSeconds(3));
    var alertChecks = new Schedule(Duration.ofSeconds(45), Duration.ofSeconds(45));
    assertThat(schedules)
        .filteredOn(purge::equals)
        .as("the notifications' and the audit log's purge")
        .hasSize(2);
    assertThat(schedules).filteredOn(alertChecks::equals).hasSize(1);
    assertThat(schedules)
        .doesNotContain(
            new Schedule(PurgeProperties.DEFAULT_INTERVAL, PurgeProperties.DEFAULT_INITIAL_DELAY));
  }
}
