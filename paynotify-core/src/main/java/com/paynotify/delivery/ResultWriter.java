package com.paynotify.delivery;

import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes attempt results in batches on one thread, so a busy dispatcher costs a few transactions a
 * second instead of one per attempt. A result the store refuses for a moved version is dropped (the
 * notification was abandoned, retried or taken over meanwhile); a result the store fails to write
 * is kept and tried again. Results count as in flight until written, so a slow store slows the
 * claiming too, instead of letting results queue up until their leases lapse.
 */
final class ResultWriter {
  private static final Logger log = LoggerFactory.getLogger(ResultWriter.class);

  private final DeliveryQueue store;
  private final DeliveryListener listener;
  private final int batchSize;
  private final IntConsumer settled;
  private final LinkedBlockingQueue<Transition> queue = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private Thread thread;

  /**
   * @param settled told how many results a batch settled (written, or dropped as stale), so the
   *     dispatcher counts an attempt in flight until its result is in the store
   */
  ResultWriter(DeliveryQueue store, DeliveryListener listener, int batchSize, IntConsumer settled) {
    this.store = store;
    this.listener = listener;
    this.batchSize = batchSize;
    this.settled = settled;
  }

  void start() {
    running = true;
    thread = Thread.ofPlatform().name("paynotify-result-writer").daemon().start(this::run);
  }

  void submit(Transition transition) {
    queue.add(transition);
  }

  /** Writes a batch now, in the caller's thread. */
  void write(List<Transition> batch) {
    if (batch.isEmpty()) {
      return;
    }
    var written = store.apply(batch);
    for (var t : batch) {
      if (!written.contains(t.next().id())) {
        log.warn(
            "Result of notification {} not written: it changed meanwhile (abandoned, retried or re-claimed)",
            t.next().id());
        continue;
      }
      switch (t) {
        case Transition.Attempted(var next, var attempt) -> listener.attempted(next, attempt);
        case Transition.Deferred(var next) -> listener.deferred(next);
        // An operator's change is told by the facade that made it, never queued here.
        case Transition.Changed changed -> {}
      }
    }
  }

  private void run() {
    var batch = new ArrayList<Transition>(batchSize);
    while (running || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          var first = queue.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
        }
        queue.drainTo(batch, batchSize - batch.size());
        write(batch);
        settled.accept(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Keep the batch: the leases still cover it for a while, and after that the attempts
        // repeat.
        log.error("Could not write {} attempt results; will retry in 1s", batch.size(), e);
        listener.storeFailed(e);
        sleepQuietly();
        if (!running) {
          return;
        }
      }
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void close() {
    running = false;
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
