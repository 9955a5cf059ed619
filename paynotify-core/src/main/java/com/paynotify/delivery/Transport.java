package com.paynotify.delivery;

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
}
