package com.paynotify.receiver.spring;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.NotificationReceiver;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The application's receivers, one per configured channel, all on one store. As a lifecycle it
 * schedules the purge when the context starts and, when it stops, closes every receiver: after the
 * web server stopped taking requests (a later phase stops first) and before the connection
 * factories and pools stop, so a delivery still running finishes its claim.
 */
public final class ChannelReceivers implements SmartLifecycle, DisposableBean {
  /**
   * Below the web server's phases ({@code DEFAULT_PHASE - 1024} and {@code - 2048}), above the
   * Redis connection factory's (0): stops after the one, before the other.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(ChannelReceivers.class);

  private final Map<Channel, NotificationReceiver> receivers;
  private final @Nullable Duration purgeInterval;
  private @Nullable ScheduledExecutorService purges;
  private volatile boolean running;

  /**
   * @param purgeInterval how often to purge, or null never to (a Redis store expires its records)
   */
  public ChannelReceivers(
      Map<Channel, NotificationReceiver> receivers, @Nullable Duration purgeInterval) {
    if (purgeInterval != null && !purgeInterval.isPositive()) {
      throw new IllegalArgumentException("purgeInterval: must be positive, got " + purgeInterval);
    }
    this.receivers = receivers.isEmpty() ? Map.of() : new EnumMap<>(receivers);
    this.purgeInterval = purgeInterval;
  }

  /** The configured channels. */
  public Set<Channel> channels() {
    return receivers.keySet();
  }

  /**
   * The receiver of a channel.
   *
   * @throws IllegalStateException naming the properties to set when the channel has no receiver
   */
  public NotificationReceiver receiver(Channel channel) {
    var receiver = receivers.get(channel);
    if (receiver == null) {
      throw new IllegalStateException(
          "no "
              + channel
              + " receiver: configure its keys under paynotify.receiver."
              + propertyPrefix(channel)
              + " (configured: "
              + receivers.keySet()
              + ")");
    }
    return receiver;
  }

  /** The property group of a channel's keys, for instance {@code wechat-v3}. */
  public static String propertyPrefix(Channel channel) {
    return switch (channel) {
      case WEBHOOK -> "webhook";
      case ALIPAY -> "alipay";
      case WECHAT_V3 -> "wechat-v3";
      case WECHAT_V2 -> "wechat-v2";
    };
  }

  /**
   * Purges once now. The receivers share one store and one retention, so one receiver's purge
   * covers every channel's records.
   *
   * @return how many records were deleted
   */
  public int purge() {
    return receivers.values().stream().findFirst().map(NotificationReceiver::purge).orElse(0);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    if (purgeInterval != null && !receivers.isEmpty()) {
      var period = purgeInterval.toMillis();
      purges =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("paynotify-receiver-purge").factory());
      purges.scheduleWithFixedDelay(this::purgeLogged, period, period, TimeUnit.MILLISECONDS);
    }
    running = true;
  }

  /**
   * Stops the purge and closes every receiver at once: each refuses new deliveries ({@code CLOSED},
   * the sender retries) and waits up to its close wait for those in progress.
   */
  @Override
  public synchronized void stop() {
    if (purges != null) {
      purges.shutdownNow();
      purges = null;
    }
    var closing = receivers.values().stream().map(r -> Thread.ofVirtual().start(r::close)).toList();
    for (var thread : closing) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running = false;
  }

  /** Closes the receivers also when the context never started. */
  @Override
  public void destroy() {
    stop();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void purgeLogged() {
    try {
      var deleted = purge();
      if (deleted > 0) {
        log.info("purged {} idempotency records", deleted);
      }
    } catch (RuntimeException e) {
      log.warn("idempotency purge failed; trying again in {}", purgeInterval, e);
    }
  }
}
