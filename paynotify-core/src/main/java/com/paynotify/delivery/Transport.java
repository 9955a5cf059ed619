package com.paynotify.delivery;

import com.paynotify.HostResolver;
import com.paynotify.channel.Callback;
import java.net.URI;
import java.time.Duration;

/**
 * Sends one callback over HTTP and reports what happened. Implementations never follow redirects,
 * never throw for a network failure (they return {@link Exchange.Failed}), dial only addresses the
 * {@link NetworkPolicy} permits, and are safe to call from many virtual threads at once.
 */
public interface Transport extends AutoCloseable {

  /** POSTs the callback and waits at most {@code timeout} for the whole answer. */
  Exchange send(URI url, Callback callback, Duration timeout);

  @Override
  default void close() {}

  /**
   * Opens the engine's transport from the engine's own settings, so the network policy and the
   * resolver are given once; the engine closes what it opened.
   */
  @FunctionalInterface
  interface Factory {
    /**
     * @param maxConnections connections kept in all: the engine's in-flight limit
     * @param maxPerHost connections kept per merchant host: the engine's per-host limit
     */
    Transport open(
        NetworkPolicy network, HostResolver resolver, int maxConnections, int maxPerHost);
  }
}
