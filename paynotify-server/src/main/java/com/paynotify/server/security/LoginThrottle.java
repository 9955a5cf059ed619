package com.paynotify.server.security;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password and token guessing at the console's login: after {@code maxFailures} failed logins
 * from one client address within {@code window}, that address may not try again until the oldest
 * of them is older than the window. Kept in memory per node; a success does not clear the count, so
 * one known account cannot be used to reset it.
 */
public final class LoginThrottle {
  public static final int DEFAULT_MAX_FAILURES = 10;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  private final InstantSource clock;
  private final int maxFailures;
  private final Duration window;
  private final ConcurrentHashMap<String, ArrayDeque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(InstantSource clock, int maxFailures, Duration window) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /** How long {@code client} must wait before trying again; zero when it may try now. */
  public Duration retryAfter(String client) {
    var now = clock.instant();
    var times = failures.get(client);
    if (times == null) {
      return Duration.ZERO;
    }
    synchronized (times) {
      forgetOlderThan(times, now);
      if (times.size() < maxFailures) {
        return Duration.ZERO;
      }
      return Duration.between(now, times.peekFirst().plus(window));
    }
  }

  /** Counts a failed login of {@code client}. */
  public void failed(String client) {
    var now = clock.instant();
    var times = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
    synchronized (times) {
      forgetOlderThan(times, now);
      times.addLast(now);
    }
    if (failures.size() > 100_000) {
      // A flood from many addresses: drop the bookkeeping rather than grow without bound.
      failures.clear();
    }
  }

  private void forgetOlderThan(ArrayDeque<Instant> times, Instant now) {
    while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
      times.removeFirst();
    }
  }
}
