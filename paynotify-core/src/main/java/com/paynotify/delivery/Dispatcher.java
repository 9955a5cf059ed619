package com.paynotify.delivery;

import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Transition;
import com.paynotify.retry.DurationText;
import com.paynotify.retry.Lease;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due notifications in batches, attempts each on its own virtual thread, and writes the
 * results in batches. Several dispatchers, in one process or many, may share a store: claims are
 * exclusive and leased, so a dead node's work is taken over once its leases lapse.
 *
 * <p>A claim's lease covers the longest attempt timeout of any known policy (see {@link Lease}):
 * the configured lease, or longer while a policy defined before that rule needs more.
 *
 * <p>{@link #start()} runs the loop in the background; {@link #runOnce()} runs one pass in the
 * caller's thread, for tests driven by a settable clock.
 *
 * <p>Internal to the engine: {@link com.paynotify.Paynotify#builder Paynotify.builder} builds it
 * with the same stores, policies and clock as the API side, and answers for it.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /** The longest pause between passes while the store keeps failing. */
  private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(10);

  /** How long the loop gathers wake-ups before it claims. */
  private static final Duration CLAIM_LINGER = Duration.ofMillis(5);

  private final DeliveryQueue store;
  private final Delivery delivery;
  private final InstantSource clock;
  private final DeliveryListener listener;
  private final int batchSize;
  private final int maxInFlight;
  private final RetryPolicies policies;
  private final Lease lease;
  private final AtomicReference<RetryPolicy> lengthenedFor = new AtomicReference<>();
  private final Duration pollInterval;
  private final Duration stuckAfter;
  private final Semaphore wakeUps = new Semaphore(0);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong lastLoopAt = new AtomicLong();
  private final ResultWriter writer;
  private final Handoff handoff = new InMemoryHandoff();

  /** Replaced on each start, because close() shuts it down and a closed pool takes no work. */
  private volatile ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

  private volatile boolean running;
  private Thread loop;

  /**
   * For {@link com.paynotify.Paynotify.Builder} only, which gives every setting once for both
   * sides.
   */
  public Dispatcher(DeliverySettings settings) {
    this.store = settings.queue();
    this.clock = settings.clock();
    this.listener = settings.listener();
    this.batchSize = settings.batchSize();
    this.maxInFlight = settings.maxInFlight();
    this.policies = settings.policies();
    this.lease = new Lease(settings.lease());
    this.pollInterval = settings.pollInterval();
    this.stuckAfter = settings.stuckAfter();
    this.delivery =
        new Delivery(
            settings.transport(), settings.credentials(), policies, settings.hostGate(), clock);
    this.writer = new ResultWriter(store, listener, batchSize, this::settled);
    // A stored policy never stops a node: the lease grows to cover it instead, and says so now.
    claimLease();
  }

  /** Starts the claim loop and the result writer in the background. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    if (workers.isShutdown()) {
      workers = Executors.newVirtualThreadPerTaskExecutor();
    }
    writer.start();
    lastLoopAt.set(clock.millis()); // healthy from the start, not only once the first pass begins
    loop = Thread.ofPlatform().name("paynotify-dispatcher").daemon().start(this::runUntilClosed);
  }

  /** Tells the loop new work may be due now, so a new notification need not wait for a poll. */
  public void wakeUp() {
    wakeUps.release();
  }

  /**
   * Claims one batch, attempts every notification in it, writes the results, and returns how many
   * were claimed. For tests; do not mix with {@link #start()}.
   */
  public int runOnce() {
    var batch = claim(batchSize);
    var futures = new ArrayList<Future<Transition>>();
    for (var n : batch) {
      futures.add(workers.submit(() -> delivery.attempt(n)));
    }
    var transitions = new ArrayList<Transition>();
    for (var f : futures) {
      try {
        transitions.add(f.get());
      } catch (Exception e) {
        throw new IllegalStateException("an attempt failed unexpectedly", e);
      }
    }
    writer.write(transitions);
    return batch.size();
  }

  /** Whether the loop started a pass within the stuck-after time: false when stopped or stuck. */
  public boolean healthy() {
    if (!running) {
      return false;
    }
    long quietMillis = clock.millis() - lastLoopAt.get();
    return quietMillis < stuckAfter.toMillis();
  }

  public int inFlight() {
    return inFlight.get();
  }

  private void runUntilClosed() {
    int failures = 0;
    while (running) {
      lastLoopAt.set(clock.millis());
      try {
        int free = maxInFlight - inFlight.get();
        int wanted = Math.min(free, batchSize);
        int claimed = wanted > 0 ? dispatch(claim(wanted)) : 0;
        if (claimed < wanted || wanted == 0) {
          idle();
        }
        failures = 0;
      } catch (RuntimeException e) {
        // Claimed work is safe: its leases lapse and it is claimed again.
        var pause = backoff(++failures);
        log.error(
            "Dispatcher pass failed ({} in a row); will keep running and retry in {}",
            failures,
            pause,
            e);
        listener.storeFailed(e);
        sleep(pause);
      } catch (Error e) {
        var pause = backoff(++failures);
        log.error(
            "Dispatcher pass failed with an error ({} in a row); will keep running and retry in {}",
            failures,
            pause,
            e);
        sleep(pause);
      }
    }
  }

  /**
   * Doubling pauses while the store keeps failing, so an outage is not met with a storm of retries.
   */
  private Duration backoff(int consecutiveFailures) {
    var pause = pollInterval.multipliedBy(1L << Math.min(consecutiveFailures - 1, 10));
    return pause.compareTo(MAX_ERROR_BACKOFF) > 0 ? MAX_ERROR_BACKOFF : pause;
  }

  private void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Hands notifications inserted leased to this node to this dispatcher: places are granted only
   * while it runs, within its in-flight limit, and count as in flight until their results are
   * written, like claimed ones.
   */
  public Handoff handoff() {
    return handoff;
  }

  private List<Notification> claim(int limit) {
    // The store reads the clock once it holds a connection: a wait for one must not eat the lease.
    var batch = store.claimDue(limit, clock, claimLease());
    if (!batch.isEmpty()) {
      listener.claimed(batch.size());
    }
    return batch;
  }

  /**
   * The configured lease, or the longer one the slowest known policy needs; policies are learnt
   * while running, so this is asked at every claim.
   */
  private Duration claimLease() {
    var slowest = policies.slowest();
    var length = lease.lengthFor(slowest);
    if (!length.equals(lease.length()) && !slowest.equals(lengthenedFor.getAndSet(slowest))) {
      log.warn(
          "Retry policy '{}' has a {} attempt timeout, which the {} lease cannot cover; claiming with a {} lease "
              + "instead. Shorten the policy's timeout or lengthen the configured lease",
          slowest.name(),
          DurationText.format(slowest.timeout()),
          DurationText.format(lease.length()),
          DurationText.format(length));
    }
    return length;
  }

  private int dispatch(List<Notification> batch) {
    for (var n : batch) {
      inFlight.incrementAndGet();
      attemptInBackground(n);
    }
    return batch.size();
  }

  /** Attempts a notification already counted in flight. */
  private void attemptInBackground(Notification n) {
    try {
      workers.execute(
          () -> {
            try {
              writer.submit(delivery.attempt(n));
            } catch (RuntimeException | Error e) {
              // Unreachable by design (an attempt never throws); if it does, the lease brings it
              // back.
              log.error(
                  "Attempt of notification {} failed unexpectedly; it is retried when its lease lapses",
                  n.id(),
                  e);
              settled(1);
            }
          });
    } catch (RejectedExecutionException closing) {
      // Closing: the notification stays leased, and is claimed when its lease lapses.
      inFlight.decrementAndGet();
    }
  }

  /** Results that reached the store free their places for new claims. */
  private void settled(int count) {
    inFlight.addAndGet(-count);
    wakeUp();
  }

  private void idle() {
    try {
      if (wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
        // Linger a moment so a burst of new notifications is claimed in one batch, not one by one.
        Thread.sleep(CLAIM_LINGER);
        wakeUps.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private final class InMemoryHandoff implements Handoff {
    @Override
    public LeaseOffer reserve(int wanted) {
      if (!running || wanted < 1) {
        return LeaseOffer.NONE;
      }
      while (true) {
        int current = inFlight.get();
        int granted = Math.min(wanted, maxInFlight - current);
        if (granted <= 0) {
          return LeaseOffer.NONE;
        }
        if (inFlight.compareAndSet(current, current + granted)) {
          return new LeaseOffer(clock, claimLease(), granted);
        }
      }
    }

    @Override
    public void deliver(Notification leased) {
      if (leased.status() != NotificationStatus.DELIVERING || leased.leaseUntil() == null) {
        throw new IllegalArgumentException(
            "notification " + leased.id() + ": is " + leased.status() + ", not leased");
      }
      attemptInBackground(leased);
    }

    @Override
    public void release(int unused) {
      if (unused > 0) {
        inFlight.addAndGet(-unused);
      }
    }
  }

  /** Stops claiming, lets attempts in flight finish and writes their results. */
  @Override
  public void close() {
    synchronized (this) {
      if (!running) {
        workers.close();
        return;
      }
      running = false;
    }
    wakeUp();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.close();
    writer.close();
  }
}
