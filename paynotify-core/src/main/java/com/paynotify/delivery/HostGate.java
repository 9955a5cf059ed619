package com.paynotify.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Caps concurrent requests per merchant host and backs off a host that keeps failing, so a hanging
 * or broken merchant slows nobody else and its tasks keep their attempts for when it recovers. A
 * host idle for {@link #IDLE_EXPIRY} (no request in progress, no back-off in force) is forgotten,
 * so the gate holds only the hosts in recent use however many it has seen.
 */
public final class HostGate {
  public static final int DEFAULT_MAX_PER_HOST = 16;

  /** What a host is assumed to take per request before it has answered any. */
  static final Duration INITIAL_LATENCY = Duration.ofMillis(100);

  public static final int DEFAULT_FAILURE_THRESHOLD = 20;
  public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

  /** When a request that found its host full is tried again. */
  static final Duration BUSY_RETRY = Duration.ofSeconds(1);

  /** How long a host goes unused before it is forgotten. */
  static final Duration IDLE_EXPIRY = Duration.ofMinutes(10);

  /** How often idle hosts are looked for. */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final int maxPerHost;
  private final int failureThreshold;
  private final Duration baseBackoff;
  private final Duration maxBackoff;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> nextSweepAt;

  public HostGate(
      int maxPerHost,
      int failureThreshold,
      Duration baseBackoff,
      Duration maxBackoff,
      InstantSource clock) {
    if (maxPerHost < 1) {
      throw new IllegalArgumentException("maxPerHost: " + maxPerHost + " must be at least 1");
    }
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "failureThreshold: " + failureThreshold + " must be at least 1");
    }
    this.maxPerHost = maxPerHost;
    this.failureThreshold = failureThreshold;
    this.baseBackoff = baseBackoff;
    this.maxBackoff = maxBackoff;
    this.clock = clock;
    this.nextSweepAt = new AtomicReference<>(clock.instant().plus(SWEEP_INTERVAL));
  }

  public static HostGate withDefaults(InstantSource clock) {
    return new HostGate(
        DEFAULT_MAX_PER_HOST,
        DEFAULT_FAILURE_THRESHOLD,
        DEFAULT_BASE_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        clock);
  }

  /**
   * Whether a request to {@code host} may start. A request that finds the host's slots taken waits
   * for one if the host, at its recent pace, frees one for it within {@code maxWait}; otherwise it
   * is told when to come back. So a fast host drains a deep queue in memory, while a hanging host
   * ties up only the few requests it could serve in time.
   */
  public Admission admit(String host, Duration maxWait) {
    var now = clock.instant();
    sweepIfDue(now);
    // Counted in use inside the map's lock, so a sweep cannot forget a host a request is entering.
    var state =
        hosts.compute(
            host,
            (h, known) ->
                (known != null ? known : new Host(new Semaphore(maxPerHost, true))).enter(now));
    @Nullable Admission admission = null;
    try {
      admission = admit(state, now, maxWait);
      return admission;
    } finally {
      if (!(admission instanceof Admission.Admitted)) {
        state.leave(now);
      }
    }
  }

  private Admission admit(Host state, Instant now, Duration maxWait) {
    var until = state.backedOffUntil;
    if (until != null && now.isBefore(until)) {
      return new Admission.Deferred(until);
    }
    if (state.slots.tryAcquire()) {
      return new Admission.Admitted(new Permit(state, now));
    }
    var expectedWait = state.expectedWait(state.waiting.incrementAndGet(), maxPerHost);
    try {
      if (expectedWait.compareTo(maxWait) > 0) {
        return new Admission.Deferred(now.plus(max(expectedWait, BUSY_RETRY)));
      }
      if (state.slots.tryAcquire(Math.max(maxWait.toMillis(), 0), TimeUnit.MILLISECONDS)) {
        return new Admission.Admitted(new Permit(state, clock.instant()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      state.waiting.decrementAndGet();
    }
    return new Admission.Deferred(now.plus(BUSY_RETRY));
  }

  /** Forgets the hosts idle past {@link #IDLE_EXPIRY}, at most once per {@link #SWEEP_INTERVAL}. */
  private void sweepIfDue(Instant now) {
    var due = nextSweepAt.get();
    if (now.isBefore(due) || !nextSweepAt.compareAndSet(due, now.plus(SWEEP_INTERVAL))) {
      return;
    }
    for (var host : hosts.keySet()) {
      hosts.computeIfPresent(host, (h, state) -> state.idleSince(now, IDLE_EXPIRY) ? null : state);
    }
  }

  /** How many hosts the gate holds state for. */
  int knownHosts() {
    return hosts.size();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Whether a host is backed off now, for display. */
  public boolean backedOff(String host) {
    var state = hosts.get(host);
    return state != null
        && state.backedOffUntil != null
        && clock.instant().isBefore(state.backedOffUntil);
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
    private final Instant acquiredAt;
    private boolean released;

    private Permit(Host host, Instant acquiredAt) {
      this.host = host;
      this.acquiredAt = acquiredAt;
    }

    /** Frees the slot and counts the outcome toward the host's back-off. */
    public synchronized void release(boolean succeeded) {
      if (released) {
        return;
      }
      released = true;
      var now = clock.instant();
      host.record(succeeded, Duration.between(acquiredAt, now), now);
      host.slots.release();
      host.leave(now);
    }

    /** Frees the slot of a request that was never sent, counting nothing toward the host. */
    public synchronized void abandon() {
      if (released) {
        return;
      }
      released = true;
      host.slots.release();
      host.leave(clock.instant());
    }
  }

  private final class Host {
    final Semaphore slots;
    final AtomicInteger waiting = new AtomicInteger();
    volatile @Nullable Instant backedOffUntil;

    /** Recent time per request, smoothed: 80% history, 20% the latest. */
    private volatile long latencyMillis = INITIAL_LATENCY.toMillis();

    private int consecutiveFailures;

    /** Requests admitted or being admitted and not yet released. */
    private int inUse;

    private Instant lastUsedAt = Instant.MIN;

    Host(Semaphore slots) {
      this.slots = slots;
    }

    synchronized Host enter(Instant now) {
      inUse++;
      lastUsedAt = now;
      return this;
    }

    synchronized void leave(Instant now) {
      inUse--;
      lastUsedAt = now;
    }

    /**
     * Whether nothing uses this host, no back-off holds it, and it has been so for {@code expiry}.
     */
    synchronized boolean idleSince(Instant now, Duration expiry) {
      var until = backedOffUntil;
      return inUse == 0
          && (until == null || !now.isBefore(until))
          && !now.isBefore(lastUsedAt.plus(expiry));
    }

    /** How long the {@code position}-th waiter should wait at this host's recent pace. */
    Duration expectedWait(int position, int slotsPerHost) {
      return Duration.ofMillis((long) Math.ceil((double) position / slotsPerHost) * latencyMillis);
    }

    synchronized void record(boolean succeeded, Duration took, Instant now) {
      latencyMillis = (latencyMillis * 4 + Math.max(took.toMillis(), 1)) / 5;
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
