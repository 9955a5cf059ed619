package com.paynotify.alert;

import com.paynotify.delivery.DeliveryListener;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.Backlog;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and resolves operational alerts from what the dispatcher reports and from the backlog,
 * keeping at most one open alert per kind and merchant. Each change is logged and published to the
 * {@link AlertSink} outside the lock. Thread-safe; state is in memory, per process.
 *
 * <p>Feed it attempts (it is a {@link DeliveryListener}) and call {@link #checkBacklog(Backlog)}
 * and {@link #evaluate()} on a schedule, so alerts resolve when their condition clears.
 */
public final class Alerts implements DeliveryListener {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);

  /** How many resolved alerts are kept for {@link #recent()}. */
  public static final int KEPT_RESOLVED = 100;

  private final AlertRules rules;
  private final AlertSink sink;
  private final InstantSource clock;
  private final Map<Key, Alert> open = new LinkedHashMap<>();
  private final ArrayDeque<Alert> resolved = new ArrayDeque<>();

  /** Per merchant: {minute, succeeded, failed} for each minute with attempts, oldest first. */
  private final Map<String, ArrayDeque<long[]>> windows = new HashMap<>();

  public Alerts(AlertRules rules, AlertSink sink, InstantSource clock) {
    this.rules = rules;
    this.sink = sink;
    this.clock = clock;
  }

  private record Key(AlertKind kind, @Nullable String merchantId) {}

  @Override
  public void attempted(Notification next, Attempt attempt) {
    var changes = new ArrayList<Alert>();
    synchronized (this) {
      var now = clock.instant();
      var merchant = next.merchantId();
      record(merchant, attempt.succeeded(), now);
      if (next.status() == NotificationStatus.FAILED) {
        openIfNone(
            changes,
            AlertKind.NOTIFICATION_FAILED,
            merchant,
            now,
            "notification "
                + next.id()
                + " (order "
                + next.orderNo()
                + ") of merchant "
                + merchant
                + " failed after "
                + next.attempts()
                + " attempts");
      } else if (next.status() == NotificationStatus.SUCCEEDED) {
        resolveIfOpen(changes, AlertKind.NOTIFICATION_FAILED, merchant, now);
      }
      evaluateRate(changes, merchant, now);
    }
    publish(changes);
  }

  /** Opens or resolves the backlog alert by the age of the oldest due notification. */
  public void checkBacklog(Backlog backlog) {
    var changes = new ArrayList<Alert>();
    synchronized (this) {
      var now = clock.instant();
      var oldest = backlog.oldestDueAt();
      var age = oldest == null ? Duration.ZERO : Duration.between(oldest, now);
      if (age.compareTo(rules.backlogAge()) > 0) {
        openIfNone(
            changes,
            AlertKind.BACKLOG_AGE,
            null,
            now,
            "the oldest due notification has waited "
                + age.toSeconds()
                + "s, more than "
                + rules.backlogAge().toSeconds()
                + "s; "
                + backlog.due()
                + " are due");
      } else {
        resolveIfOpen(changes, AlertKind.BACKLOG_AGE, null, now);
      }
    }
    publish(changes);
  }

  /** Forgets attempts older than the window and resolves failure-rate alerts that have cleared. */
  public void evaluate() {
    var changes = new ArrayList<Alert>();
    synchronized (this) {
      var now = clock.instant();
      for (var merchant : List.copyOf(windows.keySet())) {
        evaluateRate(changes, merchant, now);
      }
    }
    publish(changes);
  }

  /** The open alerts, oldest first. */
  public synchronized List<Alert> open() {
    return open.values().stream().sorted(Comparator.comparing(Alert::openedAt)).toList();
  }

  /** The last {@value #KEPT_RESOLVED} resolved alerts, newest first. */
  public synchronized List<Alert> recent() {
    return List.copyOf(resolved);
  }

  private void record(String merchant, boolean succeeded, Instant now) {
    long minute = now.getEpochSecond() / 60;
    var window = windows.computeIfAbsent(merchant, m -> new ArrayDeque<>());
    var last = window.peekLast();
    if (last == null || last[0] != minute) {
      last = new long[] {minute, 0, 0};
      window.addLast(last);
    }
    last[succeeded ? 1 : 2]++;
  }

  private void evaluateRate(List<Alert> changes, String merchant, Instant now) {
    var window = windows.get(merchant);
    if (window == null) {
      return;
    }
    long oldestMinute = now.minus(rules.failureRateWindow()).getEpochSecond() / 60;
    while (!window.isEmpty() && window.peekFirst()[0] <= oldestMinute) {
      window.removeFirst();
    }
    long succeeded = 0;
    long failed = 0;
    for (var minute : window) {
      succeeded += minute[1];
      failed += minute[2];
    }
    long total = succeeded + failed;
    if (window.isEmpty()) {
      windows.remove(merchant);
    }
    if (total >= rules.failureRateMinAttempts() && (double) failed / total >= rules.failureRate()) {
      openIfNone(
          changes,
          AlertKind.FAILURE_RATE,
          merchant,
          now,
          "merchant "
              + merchant
              + ": "
              + failed
              + " of "
              + total
              + " attempts failed in the last "
              + rules.failureRateWindow().toMinutes()
              + "m");
    } else {
      resolveIfOpen(changes, AlertKind.FAILURE_RATE, merchant, now);
    }
  }

  private void openIfNone(
      List<Alert> changes, AlertKind kind, @Nullable String merchant, Instant now, String message) {
    var key = new Key(kind, merchant);
    if (open.containsKey(key)) {
      return;
    }
    var alert =
        new Alert(
            "alr_" + UUID.randomUUID().toString().replace("-", ""),
            kind,
            merchant,
            message,
            now,
            null);
    open.put(key, alert);
    changes.add(alert);
  }

  private void resolveIfOpen(
      List<Alert> changes, AlertKind kind, @Nullable String merchant, Instant now) {
    var alert = open.remove(new Key(kind, merchant));
    if (alert == null) {
      return;
    }
    var done = alert.resolved(now);
    resolved.addFirst(done);
    while (resolved.size() > KEPT_RESOLVED) {
      resolved.removeLast();
    }
    changes.add(done);
  }

  private void publish(List<Alert> changes) {
    for (var alert : changes) {
      if (alert.open()) {
        log.warn(
            "Alert opened: kind={} merchantId={} id={}: {}",
            alert.kind(),
            Objects.requireNonNullElse(alert.merchantId(), "-"),
            alert.id(),
            alert.message());
      } else {
        log.info(
            "Alert resolved: kind={} merchantId={} id={}",
            alert.kind(),
            Objects.requireNonNullElse(alert.merchantId(), "-"),
            alert.id());
      }
      try {
        sink.publish(alert);
      } catch (RuntimeException e) {
        log.error(
            "Could not publish alert {}; it stays listed as {}",
            alert.id(),
            alert.open() ? "open" : "resolved",
            e);
      }
    }
  }
}
