package com.paynotify.server.config;

import com.paynotify.delivery.Dispatcher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the dispatcher once the application is up and stops it first on shutdown, so attempts in
 * flight finish and their results are written before the database pool closes.
 */
@Component
class DispatcherLifecycle implements SmartLifecycle {
  private final Dispatcher dispatcher;
  private final boolean enabled;
  private volatile boolean running;

  DispatcherLifecycle(Dispatcher dispatcher, PaynotifyProperties properties) {
    this.dispatcher = dispatcher;
    this.enabled = properties.delivery().enabled();
  }

  @Override
  public void start() {
    if (enabled) {
      dispatcher.start();
    }
    running = true;
  }

  @Override
  public void stop() {
    dispatcher.close();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
