package com.paynotify.receiver.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.Outcome;
import com.paynotify.receiver.ReceiverMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MicrometerReceiverMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerReceiverMetrics metrics = new MicrometerReceiverMetrics(registry);

  @Test
  void outcomesAreCountedByChannelAndOutcome() {
    metrics.outcome(Channel.WEBHOOK, Outcome.LEASE_LOST);
    metrics.outcome(Channel.WEBHOOK, Outcome.LEASE_LOST);
    metrics.outcome(Channel.ALIPAY, Outcome.MISMATCH);

    assertThat(
            registry
                .get("paynotify.receiver.deliveries")
                .tags("channel", "WEBHOOK", "outcome", "lease_lost")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get("paynotify.receiver.deliveries")
                .tags("channel", "ALIPAY", "outcome", "mismatch")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void handlerLatencyAndPurgesAreRecorded() {
    metrics.handlerLatency(Channel.WEBHOOK, Duration.ofMillis(250));
    metrics.purged(7);

    assertThat(
            registry
                .get("paynotify.receiver.handler")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(250.0);
    assertThat(registry.get("paynotify.receiver.purged").counter().count()).isEqualTo(7.0);
  }

  @Test
  void withMicrometerOnTheClasspathTheDefaultCountsInTheGlobalRegistry() {
    var defaults = ReceiverMetrics.micrometerIfPresent();

    assertThat(defaults).isInstanceOf(MicrometerReceiverMetrics.class);
  }
}
