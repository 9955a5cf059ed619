package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the receiver reports. */
final class RecordingMetrics implements ReceiverMetrics {
  private final Map<Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
  final AtomicInteger handlerRuns = new AtomicInteger();
  final AtomicInteger purged = new AtomicInteger();

  @Override
  public void outcome(Channel channel, Outcome outcome) {
    outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void handlerLatency(Channel channel, Duration latency) {
    handlerRuns.incrementAndGet();
  }

  @Override
  public void purged(int count) {
    purged.addAndGet(count);
  }

  int count(Outcome outcome) {
    var n = outcomes.get(outcome);
    return n == null ? 0 : n.get();
  }
}
