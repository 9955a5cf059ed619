package com.paynotify.receiver.micrometer;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.Outcome;
import com.paynotify.receiver.ReceiverMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Locale;

/**
 * Counts deliveries in {@code paynotify.receiver.deliveries} tagged by {@code channel} and {@code
 * outcome}, times handlers in {@code paynotify.receiver.handler}, and counts purged records in
 * {@code paynotify.receiver.purged}.
 */
public final class MicrometerReceiverMetrics implements ReceiverMetrics {
  private final MeterRegistry registry;

  public MicrometerReceiverMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Metrics in Micrometer's global composite registry. */
  public static MicrometerReceiverMetrics global() {
    return new MicrometerReceiverMetrics(Metrics.globalRegistry);
  }

  @Override
  public void outcome(Channel channel, Outcome outcome) {
    registry
        .counter(
            "paynotify.receiver.deliveries",
            "channel",
            channel.name(),
            "outcome",
            outcome.name().toLowerCase(Locale.ROOT))
        .increment();
  }

  @Override
  public void handlerLatency(Channel channel, Duration latency) {
    registry.timer("paynotify.receiver.handler", "channel", channel.name()).record(latency);
  }

  @Override
  public void purged(int count) {
    registry.counter("paynotify.receiver.purged").increment(count);
  }
}
