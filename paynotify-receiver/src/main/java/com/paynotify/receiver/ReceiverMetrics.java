package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import java.time.Duration;

/**
 * Where the receiver reports outcomes, handler latency and purges. {@link #NONE} ignores them;
 * {@link com.paynotify.receiver.micrometer.MicrometerReceiverMetrics} counts them in Micrometer.
 */
public interface ReceiverMetrics {

  /** Reports nothing. */
  ReceiverMetrics NONE =
      new ReceiverMetrics() {
        @Override
        public void outcome(Channel channel, Outcome outcome) {}

        @Override
        public void handlerLatency(Channel channel, Duration latency) {}

        @Override
        public void purged(int count) {}
      };

  /** One delivery ended with this outcome. */
  void outcome(Channel channel, Outcome outcome);

  /** The handler ran this long (measured with the receiver's clock). */
  void handlerLatency(Channel channel, Duration latency);

  /** A purge deleted this many records. */
  void purged(int count);

  /**
   * Micrometer's global registry when Micrometer is on the classpath, else {@link #NONE}. Spring
   * Boot adds its registry to the global one by default.
   */
  static ReceiverMetrics micrometerIfPresent() {
    try {
      Class.forName(
          "io.micrometer.core.instrument.Metrics", false, ReceiverMetrics.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return NONE;
    }
    return com.paynotify.receiver.micrometer.MicrometerReceiverMetrics.global();
  }
}
