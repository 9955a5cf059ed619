package com.paynotify.server.events;

import com.paynotify.store.jdbc.JdbcOutcomeOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the outbox to every configured publisher on a thread of its own, apart from delivery: a
 * broker that is down only makes outcomes wait in the database (pauses doubling up to 30 s), it
 * never holds up an attempt. An outcome is deleted only after all publishers took it, so each
 * publisher receives it at least once, and twice if another one failed on the same batch. Counts
 * {@code paynotify.events.published} and {@code paynotify.events.failures}.
 */
final class OutcomeRelay implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(OutcomeRelay.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  private final JdbcOutcomeOutbox outbox;
  private final List<OutcomePublisher> publishers;
  private final Duration pollInterval;
  private final int batchSize;
  private final Counter published;
  private final Counter failures;
  private volatile boolean running;
  private @Nullable Thread loop;

  OutcomeRelay(
      JdbcOutcomeOutbox outbox,
      List<OutcomePublisher> publishers,
      Duration pollInterval,
      int batchSize,
      MeterRegistry registry) {
    this.outbox = outbox;
    this.publishers = List.copyOf(publishers);
    this.pollInterval = pollInterval;
    this.batchSize = batchSize;
    this.published =
        Counter.builder("paynotify.events.published")
            .description("Outcomes published")
            .register(registry);
    this.failures =
        Counter.builder("paynotify.events.failures")
            .description("Relay passes that failed")
            .register(registry);
  }

  /** One pass: relays up to a batch; returns how many. */
  int relayOnce() {
    int count =
        outbox.drain(
            batchSize, events -> publishers.forEach(publisher -> publisher.publish(events)));
    published.increment(count);
    return count;
  }

  private void run() {
    int failed = 0;
    while (running) {
      try {
        int count = relayOnce();
        failed = 0;
        if (count < batchSize) {
          sleep(pollInterval);
        }
      } catch (RuntimeException e) {
        failed++;
        failures.increment();
        var pause = pollInterval.multipliedBy(1L << Math.min(failed - 1, 10));
        pause = pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
        log.warn(
            "Could not relay outcomes ({} in a row); they wait in the outbox, next try in {}: {}",
            failed,
            pause,
            e.toString());
        sleep(pause);
      }
    }
  }

  private void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public synchronized void start() {
    running = true;
    loop = Thread.ofPlatform().name("paynotify-outcome-relay").daemon().start(this::run);
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (loop != null) {
      loop.interrupt();
      try {
        loop.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
