package com.paynotify.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Caps concurrent requests per merchant host and backs off a host that keeps failing, so a hanging
 * or broken merchant slows nobody else and its tasks keep their attempts for when it recovers.
 */
public final class HostGate {
  public static final int DEFAULT_MAX_PER_HOST = 16;
  public static final int DEFAULT_FAILURE_THRESHOLD = 20;
  public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
  /** When a request that found its host full is tried again. */
  static final Duration BUSY_RETRY = Duration.ofSeconds(1);

  private final int maxPerHost;
  private final int failureThreshold;
  private final Duration baseBackoff;
  private final Duration maxBackoff;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();

  public HostGate(int maxPerHost, int failureThreshold, Duration baseBackoff, Duration maxBackoff, InstantSource clock) {
    if (maxPerHost < 1) {
      throw new IllegalArgumentException("maxPerHost: " + maxPerHost + " must be at least 1");
    }
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold: " + failureThreshold + " must be at least 1");
    }
    this.maxPerHost = maxPerHost;
    this.failureThreshold = failureThreshold;
    this.baseBackoff = baseBackoff;
    this.maxBackoff = maxBackoff;
    this.clock = clock;
  }

  public static HostGate withDefaults(InstantSource clock) {
    return new HostGate(DEFAULT_MAX_PER_HOST, DEFAULT_FAILURE_THRESHOLD, DEFAULT_BASE_BACKOFF, DEFAULT_MAX_BACKOFF, clock);
  }

  /**
   * Whether a request to {@code host} may start, waiting at most {@code maxWait} for a free slot.
   * At most twice {@code maxPerHost} requests wait per host; the rest are told to come back, so a
   * hanging host ties up a bounded number of the dispatcher's places.
   */
  public Admission admit(String host, Duration maxWait) {
    var state = hosts.computeIfAbsent(host, h -> new Host(new Semaphore(maxPerHost, true)));
    var now = clock.instant();
    var until = state.backedOffUntil;
    if (until != null && now.isBefore(until)) {
      return new Admission.Deferred(until);
    }
    if (state.slots.tryAcquire()) {
      return new Admission.Admitted(new Permit(state));
    }
    if (state.waiting.incrementAndGet() > maxPerHost * 2) {
      state.waiting.decrementAndGet();
      return new Admission.Deferred(now.plus(BUSY_RETRY));
    }
    try {
      if (state.slots.tryAcquire(Math.max(maxWait.toMillis(), 0), TimeUnit.MILLISECONDS)) {
        return new Admission.Admitted(new Permit(state));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      state.waiting.decrementAndGet();
    }
    return new Admission.Deferred(now.plus(BUSY_RETRY));
  }

  /** Whether a host is backed off now, for display. */
  public boolean backedOff(String host) {
    var state = hosts.get(host);
    return state != null && state.backedOffUntil != null && clock.instant().isBefore(state.backedOffUntil);
  }

  /** The answer to {@link #admit}. */
  public sealed interface Admission {
    /** Go ahead; close the permit with the outcome. */
    record Admitted(Permit permit) implements Admission {}

    /** Not now: try again at {@code until} at the earliest, without spending an attempt. */
    record Deferred(Instant until) implements Admission {}
  }

  /** One request's slot at a host. */
  public final class Permit {
    private final Host host;
    private boolean released;

    private Permit(Host host) {
      this.host = host;
    }

    /** Frees the slot and counts the outcome toward the host's back-off. */
    public synchronized void release(boolean succeeded) {
      if (released) {
        return;
      }
      released = true;
      host.slots.release();
      host.record(succeeded, clock.instant());
    }
  }

  private final class Host {
    final Semaphore slots;
    final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    volatile @Nullable Instant backedOffUntil;
    private int consecutiveFailures;

    Host(Semaphore slots) {
      this.slots = slots;
    }

    synchronized void record(boolean succeeded, Instant now) {
      if (succeeded) {
        consecutiveFailures = 0;
        backedOffUntil = null;
        return;
      }
      consecutiveFailures++;
      int over = consecutiveFailures - failureThreshold;
      if (over >= 0) {
        // Doubling per further failure; the shift is capped so the multiplication cannot overflow.
        var backoff = baseBackoff.multipliedBy(1L << Math.min(over, 20));
        backedOffUntil = now.plus(backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff);
      }
    }
  }
}
