package com.paynotify.alert;

/**
 * Where alerts go when they open and when they resolve. Called outside any lock; implementations
 * that do I/O must not block the caller for long (it may be a delivery thread) and never throw.
 */
public interface AlertSink {
  /** A sink that drops everything. */
  AlertSink NONE = alert -> {};

  /** An alert opened ({@code resolvedAt} null) or resolved. */
  void publish(Alert alert);
}
