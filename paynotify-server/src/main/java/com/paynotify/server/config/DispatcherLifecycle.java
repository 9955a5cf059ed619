package com.paynotify.server.config;

import com.paynotify.Paynotify;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the engine's delivery once the application is up and stops it first on shutdown, so
 * attempts in flight finish and their results are written before the database pool closes.
 */
@Component
class DispatcherLifecycle implements SmartLifecycle {
  private final Paynotify paynotify;
  private final boolean enabled;
  private volatile boolean running;

  DispatcherLifecycle(Paynotify paynotify, PaynotifyProperties properties) {
    this.paynotify = paynotify;
    this.enabled = properties.delivery().enabled();
  }

  @Override
  public void start() {
    if (enabled) {
      paynotify.start();
    }
    running = true;
  }

  @Override
  public void stop() {
    paynotify.stop();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
