package com.paynotify.notification;

import com.paynotify.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Gathers creates arriving together from concurrent callers into one write, so they share one
 * transaction and one commit. There is no linger: while one group is being written, the creates
 * that arrive wait and become the next group, so a lone create is written at once and a busy server
 * writes fewer, larger groups. Each caller is answered only after its own notification's write
 * returned, with its own result.
 *
 * <p>Bounded: a group holds at most {@code maxGroup} notifications, and at most {@code maxWaiting}
 * wait for a group; a caller that finds no place within {@link #MAX_WAIT_FOR_A_PLACE} fails with a
 * {@link StoreException}, as an overloaded store would. A group whose write throws is written again
 * one notification at a time, so one bad notification, or one the writer cannot isolate itself,
 * fails only its own caller.
 *
 * <p>The creates of one {@link #createAll} call keep their order: they are written in that order,
 * and once one of them failed with a {@link StoreException} (the store is down or full), those
 * after it fail with it unwritten, so a later one is never stored before an earlier one that a
 * caller will repeat (a broker's batch of one order's events, say).
 *
 * <p>One group is written at a time, by a virtual thread that exists only while creates wait.
 * Thread-safe.
 */
public final class GroupCommit {
  public static final int DEFAULT_MAX_GROUP = 200;
  public static final int DEFAULT_MAX_WAITING = 4_096;

  /** How long a create waits for a place in the queue before it is refused. */
  public static final Duration MAX_WAIT_FOR_A_PLACE = Duration.ofSeconds(10);

  private final Function<List<Notification>, List<CreateResult>> writer;
  private final int maxGroup;
  private final ArrayBlockingQueue<Waiting> waiting;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicLong groups = new AtomicLong();

  /**
   * @param writer writes one group, returning one result per notification in order (as {@link
   *     DeliveryQueue#createAll}); called from one thread at a time
   */
  public GroupCommit(
      Function<List<Notification>, List<CreateResult>> writer, int maxGroup, int maxWaiting) {
    if (maxGroup < 1) {
      throw new IllegalArgumentException("maxGroup: " + maxGroup + " must be at least 1");
    }
    if (maxWaiting < maxGroup) {
      throw new IllegalArgumentException(
          "maxWaiting: " + maxWaiting + " must be at least maxGroup " + maxGroup);
    }
    this.writer = writer;
    this.maxGroup = maxGroup;
    this.waiting = new ArrayBlockingQueue<>(maxWaiting);
  }

  /**
   * Creates one notification, together with whatever else is waiting; blocks until it is written.
   */
  public CreateResult create(Notification notification) {
    return createAll(List.of(notification)).getFirst();
  }

  /**
   * Creates several, in order, together with whatever else is waiting; blocks until all are
   * written. One result per notification, in order; after the first that failed with a {@link
   * StoreException}, all fail with it.
   */
  public List<CreateResult> createAll(List<Notification> notifications) {
    var mine = new ArrayList<Waiting>(notifications.size());
    Waiting before = null;
    CreateResult.Failed full = null;
    for (var notification : notifications) {
      var entry = new Waiting(notification, new CompletableFuture<>(), before);
      mine.add(entry);
      before = entry;
      if (full == null && !enqueue(entry)) {
        full =
            new CreateResult.Failed(
                new StoreException(
                    "too many creates are waiting to be written; try again shortly", null));
      }
      if (full != null) {
        entry.result().complete(full);
      }
    }
    var results = new ArrayList<CreateResult>(mine.size());
    for (var entry : mine) {
      results.add(await(entry.result()));
    }
    return results;
  }

  /** How many groups were written so far, each in one call of the writer (fallbacks included). */
  public long groupsWritten() {
    return groups.get();
  }

  private boolean enqueue(Waiting entry) {
    try {
      if (!waiting.offer(entry) && !waitForAPlace(entry)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    startWriting();
    return true;
  }

  /** Lets the writer run while this caller waits, since it is the one that frees places. */
  private boolean waitForAPlace(Waiting entry) throws InterruptedException {
    startWriting();
    return waiting.offer(entry, MAX_WAIT_FOR_A_PLACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void startWriting() {
    if (writing.compareAndSet(false, true)) {
      Thread.ofVirtual().name("paynotify-group-commit").start(this::writeWhileWaiting);
    }
  }

  private void writeWhileWaiting() {
    while (true) {
      var group = new ArrayList<Waiting>(Math.min(maxGroup, waiting.size() + 1));
      waiting.drainTo(group, maxGroup);
      group.removeIf(Waiting::failedWithTheOneBefore);
      if (group.isEmpty()) {
        writing.set(false);
        // A create queued after the drain but before the flag dropped found the flag still set.
        if (waiting.isEmpty() || !writing.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      write(group);
    }
  }

  private void write(List<Waiting> group) {
    try {
      answer(group, writeOnce(group));
    } catch (RuntimeException | Error e) {
      if (group.size() == 1) {
        group.getFirst().result().complete(new CreateResult.Failed(asRuntime(e)));
        return;
      }
      // Which one broke the group is unknown: each alone, so the others are not failed with it.
      for (var entry : group) {
        if (!entry.failedWithTheOneBefore()) {
          write(List.of(entry));
        }
      }
    }
  }

  private List<CreateResult> writeOnce(List<Waiting> group) {
    groups.incrementAndGet();
    var results = writer.apply(group.stream().map(Waiting::notification).toList());
    if (results.size() != group.size()) {
      throw new IllegalStateException(
          "the writer answered " + results.size() + " of " + group.size() + " creates");
    }
    return results;
  }

  private static void answer(List<Waiting> group, List<CreateResult> results) {
    for (int i = 0; i < group.size(); i++) {
      group.get(i).result().complete(results.get(i));
    }
  }

  private static CreateResult await(CompletableFuture<CreateResult> result) {
    try {
      return result.get();
    } catch (InterruptedException e) {
      // The write goes ahead without us; the caller learns nothing, as with a dropped connection.
      Thread.currentThread().interrupt();
      return new CreateResult.Failed(
          new StoreException("interrupted while the create was being written", e));
    } catch (ExecutionException e) {
      return new CreateResult.Failed(asRuntime(e.getCause()));
    }
  }

  private static RuntimeException asRuntime(Throwable e) {
    return e instanceof RuntimeException runtime
        ? runtime
        : new IllegalStateException("a create failed unexpectedly", e);
  }

  /**
   * @param before the create that came before this one in the same call, if any
   */
  private record Waiting(
      Notification notification, CompletableFuture<CreateResult> result, @Nullable Waiting before) {
    /**
     * Fails this create, unwritten, if the one before it failed because the store is down: written
     * now, it could be stored before that one is repeated. Earlier creates of a call are answered
     * before later ones are drained, so the one before is settled when this is asked.
     */
    boolean failedWithTheOneBefore() {
      if (before != null
          && before.result().getNow(null) instanceof CreateResult.Failed failed
          && failed.error() instanceof StoreException) {
        result.complete(failed);
        return true;
      }
      return false;
    }
  }
}
