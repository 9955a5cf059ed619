package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.InvalidCallbackException;
import com.paynotify.channel.ReceivedCallback;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one channel's callbacks: verifies each, runs the merchant's handler at most once to
 * completion per dedup key across every instance sharing the {@link IdempotencyStore}, and returns
 * the exact reply the channel expects. A duplicate of a DONE notification gets the success reply
 * without running the handler; a duplicate of one still PROCESSING never does: it waits up to
 * {@link Builder#inProgressWait} for the first to finish, then gets the channel's retryable
 * failure.
 *
 * <p>Thread-safe; build one per channel and share it. After {@link #close()} every delivery gets
 * {@link Outcome#CLOSED} (the channel's retryable failure, nothing claimed); deliveries already
 * running finish their claims first, and the heartbeat thread stops when the last one has.
 */
public final class NotificationReceiver implements AutoCloseable {
  /** The default claim lease, renewed by a heartbeat every third of it while the handler runs. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** The default time a DONE record is kept: well past every sender's retry window. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** The default bounded wait of a duplicate for an in-progress first delivery. */
  public static final Duration DEFAULT_IN_PROGRESS_WAIT = Duration.ofSeconds(2);

  /** The default poll interval during that wait. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

  /** The default number of records one purge statement deletes. */
  public static final int DEFAULT_PURGE_BATCH_SIZE = 500;

  /** The default largest callback body accepted: 1 MiB; payment callbacks are a few KiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /** The default time {@link #close()} waits for deliveries in progress. */
  public static final Duration DEFAULT_CLOSE_WAIT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(NotificationReceiver.class);

  private final CallbackVerifier verifier;
  private final IdempotencyStore store;
  private final Acknowledgement ack;
  private final InstantSource clock;
  private final Duration lease;
  private final Duration heartbeat;
  private final Duration retention;
  private final Duration pollInterval;
  private final long maxPolls;
  private final int purgeBatchSize;
  private final NotificationCheck check;
  private final ReceiverMetrics metrics;
  private final int maxBodyBytes;
  private final Duration closeWait;
  private final ScheduledExecutorService heartbeats;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private final Condition drained = lifecycle.newCondition();
  private int inFlight;
  private boolean closed;

  private NotificationReceiver(Builder b) {
    this.verifier = b.verifier;
    this.store = b.store;
    this.ack = Acknowledgement.of(b.verifier.channel());
    this.clock = b.clock;
    this.lease = b.lease;
    this.heartbeat = b.heartbeat == null ? b.lease.dividedBy(3) : b.heartbeat;
    this.retention = b.retention;
    this.pollInterval = b.pollInterval;
    this.maxPolls = b.inProgressWait.toMillis() / Math.max(1, b.pollInterval.toMillis());
    this.purgeBatchSize = b.purgeBatchSize;
    this.check = b.check;
    this.metrics = b.metrics;
    this.maxBodyBytes = b.maxBodyBytes;
    this.closeWait = b.closeWait;
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("paynotify-receiver-heartbeat").factory());
  }

  /** A builder for a receiver of the verifier's channel, on this store. */
  public static Builder builder(CallbackVerifier verifier, IdempotencyStore store) {
    return new Builder(verifier, store);
  }

  /** The channel this receiver answers for. */
  public Channel channel() {
    return verifier.channel();
  }

  /** The largest callback body this receiver accepts; a longer one is {@link Outcome#REJECTED}. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Verifies the callback and runs the handler at most once per dedup key. Never throws for a bad
   * callback (malformed, oversized, badly signed, out-of-range timestamp), a failing check or
   * handler, a failing store or a closed receiver: the receipt carries the outcome and the reply.
   */
  public Receipt handle(ReceivedCallback callback, NotificationHandler handler) {
    return guarded(
        callback,
        (notification, token, takeover) -> runAlone(notification, token, takeover, handler));
  }

  /**
   * Like {@link #handle}, but the handler's business update and the DONE mark commit in one
   * transaction on the merchant's {@code connection} (its own database, the one the store's table
   * is in). The receiver begins, commits or rolls back that transaction, and restores the
   * connection's auto-commit afterwards. If another delivery took the notification over meanwhile,
   * the transaction is rolled back ({@link Outcome#LEASE_LOST}), so the business update happens
   * exactly once. On PostgreSQL keep the connection at READ COMMITTED (the default).
   *
   * @throws IllegalStateException if the store cannot write inside a transaction
   */
  public Receipt handleInTransaction(
      ReceivedCallback callback, Connection connection, TransactionalNotificationHandler handler) {
    if (!(store instanceof TransactionalIdempotencyStore transactional)) {
      throw new IllegalStateException(
          "store: same-transaction mode needs a JDBC store, got "
              + store.getClass().getSimpleName());
    }
    return guarded(
        callback,
        (notification, token, takeover) ->
            runInTransaction(notification, token, takeover, connection, handler, transactional));
  }

  /**
   * Deletes DONE records past their retention and claims abandoned for longer than the retention,
   * in batches, never a PROCESSING record with a live lease. Schedule it (daily is plenty).
   *
   * @return how many records were deleted
   */
  public int purge() {
    var now = clock.instant();
    var total = 0;
    int deleted;
    do {
      deleted = store.purgeBatch(now, now.minus(retention), purgeBatchSize);
      total += deleted;
    } while (deleted == purgeBatchSize);
    metrics.purged(total);
    return total;
  }

  /**
   * Refuses new deliveries ({@link Outcome#CLOSED}) and waits up to {@link Builder#closeWait} for
   * those in progress. A delivery still running after the wait keeps its heartbeat and finishes its
   * claim (DONE or released); the heartbeat thread stops when the last one ends. Idempotent.
   */
  @Override
  public void close() {
    int running;
    lifecycle.lock();
    try {
      closed = true;
      var remaining = closeWait.toNanos();
      while (inFlight > 0 && remaining > 0) {
        remaining = drained.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running = inFlight;
      lifecycle.unlock();
    }
    if (running == 0) {
      heartbeats.shutdownNow();
    } else {
      log.warn(
          "{} receiver closed with {} deliveries still running; each finishes its claim and"
              + " the heartbeat stops after the last",
          channel(),
          running);
    }
  }

  private interface Run {
    Receipt run(ReceivedNotification notification, String token, boolean takeover);
  }

  private Receipt guarded(ReceivedCallback callback, Run run) {
    boolean refused;
    lifecycle.lock();
    try {
      refused = closed;
      if (!refused) {
        inFlight++;
      }
    } finally {
      lifecycle.unlock();
    }
    if (refused) {
      log.warn("{} callback refused: the receiver is closed; the sender will retry", channel());
      return receipt(Outcome.CLOSED, ack.retryLater("receiver closed"), null);
    }
    try {
      return receive(callback, run);
    } finally {
      boolean last;
      lifecycle.lock();
      try {
        last = --inFlight == 0 && closed;
        if (inFlight == 0) {
          drained.signalAll();
        }
      } finally {
        lifecycle.unlock();
      }
      if (last) {
        heartbeats.shutdownNow(); // close() gave up waiting for this one
      }
    }
  }

  private Receipt receive(ReceivedCallback callback, Run run) {
    if (callback.bodyLength() > maxBodyBytes) {
      log.warn(
          "{} callback rejected: its body of {} bytes is over the {}-byte limit",
          channel(),
          callback.bodyLength(),
          maxBodyBytes);
      return receipt(
          Outcome.REJECTED, ack.rejected("body is over the " + maxBodyBytes + "-byte limit"), null);
    }
    ReceivedNotification notification;
    try {
      notification = verifier.verify(callback);
    } catch (InvalidCallbackException e) {
      log.warn("{} callback rejected: {}", channel(), e.getMessage());
      return receipt(Outcome.REJECTED, ack.rejected(e.getMessage()), null);
    } catch (RuntimeException e) {
      // A verifier bug or an input no check foresaw: still a rejection, never an exception.
      log.error("{} callback rejected: verification failed unexpectedly", channel(), e);
      return receipt(Outcome.REJECTED, ack.rejected("the callback could not be verified"), null);
    }
    Optional<String> refusal;
    try {
      refusal = check.refusal(notification);
    } catch (RuntimeException e) {
      log.error(
          "{} notification {}: the merchant check threw; nothing claimed, the sender will"
              + " retry",
          channel(),
          notification.notifyId(),
          e);
      return receipt(Outcome.CHECK_FAILED, ack.retryLater("check failed"), notification);
    }
    if (refusal.isPresent()) {
      log.warn(
          "{} notification {} refused by the merchant check: {}",
          channel(),
          notification.notifyId(),
          refusal.get());
      return receipt(Outcome.REFUSED, ack.rejected(refusal.get()), notification);
    }
    try {
      return claimAndRun(notification, run);
    } catch (RuntimeException e) {
      // IdempotencyStoreException, or anything else a merchant's own store implementation throws.
      log.error(
          "{} notification {}: the idempotency store failed; the sender will retry",
          channel(),
          notification.notifyId(),
          e);
      return receipt(
          Outcome.STORE_FAILURE, ack.retryLater("temporarily unavailable"), notification);
    }
  }

  private Receipt claimAndRun(ReceivedNotification notification, Run run) {
    var key = notification.dedupKey();
    var fingerprint = notification.fingerprint();
    var token = UUID.randomUUID().toString();
    for (long polls = 0; ; polls++) {
      switch (store.claim(key, fingerprint, token, clock.instant(), lease)) {
        case IdempotencyStore.Claim.Acquired acquired -> {
          if (acquired.takeover()) {
            log.info(
                "{} notification {}: taking over a claim whose lease lapsed",
                channel(),
                notification.notifyId());
          }
          return run.run(notification, token, acquired.takeover());
        }
        case IdempotencyStore.Claim.Held held -> {
          var record = held.record();
          if (!record.fingerprint().equals(fingerprint)) {
            // Same notify id, other payment fields: not a replay but an attack or a sender bug.
            log.error(
                "{} notification {} refused: its payment fields [{}] differ from the first"
                    + " delivery's [{}]",
                channel(),
                notification.notifyId(),
                fingerprint,
                record.fingerprint());
            return receipt(
                Outcome.MISMATCH,
                ack.rejected("payment fields differ from the first delivery"),
                notification);
          }
          if (record.state() == IdempotencyRecord.State.DONE) {
            return receipt(Outcome.DUPLICATE_DONE, ack.success(), notification);
          }
          // Never a success while PROCESSING: the first delivery may yet fail.
          if (polls >= maxPolls || !pause()) {
            return receipt(
                Outcome.DUPLICATE_IN_PROGRESS,
                ack.inProgress("notification is being processed"),
                notification);
          }
        }
      }
    }
  }

  private boolean pause() {
    try {
      Thread.sleep(pollInterval);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Receipt runAlone(
      ReceivedNotification notification,
      String token,
      boolean takeover,
      NotificationHandler handler) {
    var key = notification.dedupKey();
    var started = clock.instant();
    var renewal = startHeartbeat(key, token);
    try {
      handler.handle(notification);
    } catch (Exception e) {
      renewal.cancel(); // before the release: no heartbeat may touch the key afterwards
      return released(notification, token, e);
    } finally {
      // Also on an Error: a dead handler must let its lease lapse, not renew it forever.
      renewal.cancel();
      metrics.handlerLatency(channel(), Duration.between(started, clock.instant()));
    }
    var now = clock.instant();
    boolean completed;
    try {
      completed = store.complete(key, token, now, now.plus(retention));
    } catch (RuntimeException e) {
      log.error(
          "{} notification {}: the handler completed but its DONE mark failed; once the lease"
              + " lapses a retry runs it again (same-transaction mode avoids this)",
          channel(),
          notification.notifyId(),
          e);
      return receipt(
          Outcome.STORE_FAILURE, ack.retryLater("temporarily unavailable"), notification);
    }
    return completed ? processed(notification, takeover) : leaseLost(notification);
  }

  private Receipt processed(ReceivedNotification notification, boolean takeover) {
    return receipt(takeover ? Outcome.TAKEN_OVER : Outcome.PROCESSED, ack.success(), notification);
  }

  private Receipt runInTransaction(
      ReceivedNotification notification,
      String token,
      boolean takeover,
      Connection connection,
      TransactionalNotificationHandler handler,
      TransactionalIdempotencyStore transactional) {
    var key = notification.dedupKey();
    var started = clock.instant();
    var renewal = startHeartbeat(key, token);
    boolean autoCommit;
    try {
      autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      renewal.cancel();
      store.release(key, token);
      throw new IdempotencyStoreException("cannot begin the merchant's transaction", e);
    }
    try {
      handler.handle(notification, connection);
      renewal.cancel();
      var now = clock.instant();
      metrics.handlerLatency(channel(), Duration.between(started, now));
      if (!transactional.completeInTransaction(
          connection, key, token, notification.fingerprint(), now, now.plus(retention))) {
        connection.rollback();
        return leaseLost(notification);
      }
      connection.commit();
      return processed(notification, takeover);
    } catch (Exception e) {
      renewal.cancel();
      rollback(connection, notification);
      return released(notification, token, e);
    } finally {
      renewal.cancel();
      restoreAutoCommit(connection, autoCommit);
    }
  }

  private Receipt released(ReceivedNotification notification, String token, Exception cause) {
    log.warn(
        "{} notification {}: the handler failed; record released, the sender will retry",
        channel(),
        notification.notifyId(),
        cause);
    try {
      if (!store.release(notification.dedupKey(), token)) {
        log.warn(
            "{} notification {}: the claim was already taken over; nothing to release",
            channel(),
            notification.notifyId());
      }
    } catch (RuntimeException e) {
      log.error(
          "{} notification {}: release failed; the claim frees itself when its lease ends",
          channel(),
          notification.notifyId(),
          e);
    }
    return receipt(Outcome.RELEASED_ON_FAILURE, ack.retryLater("processing failed"), notification);
  }

  private Receipt leaseLost(ReceivedNotification notification) {
    log.error(
        "{} notification {}: LEASE_LOST, the handler outlived its lease and another delivery"
            + " took the notification over; its record stands. Lengthen the lease or check the"
            + " heartbeat.",
        channel(),
        notification.notifyId());
    return receipt(Outcome.LEASE_LOST, ack.retryLater("processing handed over"), notification);
  }

  private Receipt receipt(Outcome outcome, Reply reply, ReceivedNotification notification) {
    metrics.outcome(channel(), outcome);
    return new Receipt(outcome, reply, notification);
  }

  private interface Renewal {
    void cancel();
  }

  private Renewal startHeartbeat(String key, String token) {
    var period = heartbeat.toMillis();
    var running = new java.util.concurrent.atomic.AtomicBoolean(true);
    ScheduledFuture<?> future;
    try {
      // The renewal itself runs on a virtual thread: a slow store never stalls other heartbeats.
      future =
          heartbeats.scheduleAtFixedRate(
              () -> Thread.ofVirtual().start(() -> renew(key, token, running)),
              period,
              period,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Cannot happen while this delivery is counted in flight; if it did, the handler still runs
      // and completes or releases its claim, only without renewals.
      log.warn("{}: no heartbeat for {}: the heartbeat thread has stopped", channel(), key);
      return () -> running.set(false);
    }
    return () -> {
      running.set(false);
      future.cancel(false);
    };
  }

  private void renew(String key, String token, java.util.concurrent.atomic.AtomicBoolean running) {
    if (!running.get()) {
      return;
    }
    try {
      if (!store.renew(key, token, clock.instant(), lease) && running.get()) {
        log.warn(
            "{}: heartbeat for {} found the claim gone; the completion will be refused",
            channel(),
            key);
      }
    } catch (RuntimeException e) {
      log.warn("{}: heartbeat for {} failed; retrying at the next beat", channel(), key, e);
    }
  }

  private void rollback(Connection connection, ReceivedNotification notification) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.error("{} notification {}: rollback failed", channel(), notification.notifyId(), e);
    }
  }

  private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      log.warn("could not restore auto-commit on the merchant's connection", e);
    }
  }

  /** Configures a {@link NotificationReceiver}; every setting has a documented default. */
  public static final class Builder {
    private final CallbackVerifier verifier;
    private final IdempotencyStore store;
    private InstantSource clock = InstantSource.system();
    private Duration lease = DEFAULT_LEASE;
    private @Nullable Duration heartbeat;
    private Duration retention = DEFAULT_RETENTION;
    private Duration senderRetryWindow;
    private Duration inProgressWait = DEFAULT_IN_PROGRESS_WAIT;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private int purgeBatchSize = DEFAULT_PURGE_BATCH_SIZE;
    private NotificationCheck check = NotificationCheck.ACCEPT_ALL;
    private ReceiverMetrics metrics = ReceiverMetrics.micrometerIfPresent();
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration closeWait = DEFAULT_CLOSE_WAIT;

    private Builder(CallbackVerifier verifier, IdempotencyStore store) {
      this.verifier = verifier;
      this.store = store;
      this.senderRetryWindow = SenderRetryWindows.of(verifier.channel());
    }

    /** The clock for leases, retention and handler latency; default the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    /** How long a claim holds without a heartbeat; default {@link #DEFAULT_LEASE}. */
    public Builder lease(Duration lease) {
      this.lease = lease;
      return this;
    }

    /** How often a running handler's lease is renewed; default a third of the lease. */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
      return this;
    }

    /**
     * How long a DONE record is kept; default {@link #DEFAULT_RETENTION}. Must exceed the sender's
     * retry window, else a late retry would run the handler again.
     */
    public Builder retention(Duration retention) {
      this.retention = retention;
      return this;
    }

    /**
     * The sender's whole retry window; default per channel ({@link SenderRetryWindows}). Raise it
     * if your sender retries for longer.
     */
    public Builder senderRetryWindow(Duration senderRetryWindow) {
      this.senderRetryWindow = senderRetryWindow;
      return this;
    }

    /**
     * How long a duplicate waits for an in-progress first delivery before the retryable failure;
     * default {@link #DEFAULT_IN_PROGRESS_WAIT}. Keep it well under the sender's request timeout.
     */
    public Builder inProgressWait(Duration inProgressWait, Duration pollInterval) {
      this.inProgressWait = inProgressWait;
      this.pollInterval = pollInterval;
      return this;
    }

    /** Records per purge statement; default {@link #DEFAULT_PURGE_BATCH_SIZE}. */
    public Builder purgeBatchSize(int purgeBatchSize) {
      this.purgeBatchSize = purgeBatchSize;
      return this;
    }

    /** The merchant's check of each event before the handler; default accepts all. */
    public Builder check(NotificationCheck check) {
      this.check = check;
      return this;
    }

    /** Where outcomes are counted; default Micrometer's global registry if present, else none. */
    public Builder metrics(ReceiverMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /**
     * The largest callback body accepted, in bytes; default {@link #DEFAULT_MAX_BODY_BYTES}. A
     * longer body is {@link Outcome#REJECTED} before it is parsed.
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * How long {@link NotificationReceiver#close()} waits for deliveries in progress; default
     * {@link #DEFAULT_CLOSE_WAIT}. Zero returns at once; those deliveries still finish their
     * claims.
     */
    public Builder closeWait(Duration closeWait) {
      this.closeWait = closeWait;
      return this;
    }

    /**
     * Builds the receiver.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public NotificationReceiver build() {
      requirePositive("lease", lease);
      if (heartbeat != null && (!heartbeat.isPositive() || heartbeat.compareTo(lease) >= 0)) {
        throw new IllegalArgumentException(
            "heartbeat: must be positive and shorter than the lease ("
                + lease
                + "), got "
                + heartbeat);
      }
      requirePositive("senderRetryWindow", senderRetryWindow);
      if (retention.compareTo(senderRetryWindow) <= 0) {
        throw new IllegalArgumentException(
            "retention: must exceed the "
                + verifier.channel()
                + " sender's retry window ("
                + senderRetryWindow
                + "), got "
                + retention
                + "; a retry arriving after its DONE record is purged would run the handler again");
      }
      if (inProgressWait.isNegative()) {
        throw new IllegalArgumentException(
            "inProgressWait: must not be negative, got " + inProgressWait);
      }
      requirePositive("pollInterval", pollInterval);
      if (purgeBatchSize < 1) {
        throw new IllegalArgumentException(
            "purgeBatchSize: must be at least 1, got " + purgeBatchSize);
      }
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes: must be at least 1, got " + maxBodyBytes);
      }
      if (closeWait.isNegative()) {
        throw new IllegalArgumentException("closeWait: must not be negative, got " + closeWait);
      }
      return new NotificationReceiver(this);
    }

    private static void requirePositive(String name, Duration value) {
      if (!value.isPositive()) {
        throw new IllegalArgumentException(name + ": must be positive, got " + value);
      }
    }
  }
}
