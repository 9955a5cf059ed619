package com.paynotify.server.config;

import com.paynotify.RefusedValueException;
import com.paynotify.channel.Channel;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.Backlog;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.CreateResult;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationStore;
import com.paynotify.notification.Page;
import com.paynotify.notification.Stats;
import com.paynotify.notification.StatsBucket;
import com.paynotify.notification.Transition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Times every call to the store as {@code paynotify.store.calls}, tagged by {@code operation} and
 * {@code outcome} ({@code success}, {@code error}, or {@code refused} when the database refused a
 * request's value); otherwise passes calls through unchanged.
 */
final class TimedNotificationStore implements NotificationStore {
  static final String METER = "paynotify.store.calls";

  private final NotificationStore store;
  private final MeterRegistry registry;

  TimedNotificationStore(NotificationStore store, MeterRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  private <T> T timed(String operation, Supplier<T> call) {
    return timed(operation, call, result -> "success");
  }

  /**
   * As {@link #timed(String, Supplier)}, with the outcome of a call that returned read from its
   * result.
   */
  private <T> T timed(String operation, Supplier<T> call, Function<T, String> outcomeOf) {
    long start = System.nanoTime();
    var outcome = "error";
    try {
      var result = call.get();
      outcome = outcomeOf.apply(result);
      return result;
    } catch (RefusedValueException e) {
      outcome = "refused"; // the request's fault: an alert on outcome="error" must not fire on it
      throw e;
    } finally {
      Timer.builder(METER)
          .description("Calls to the notification store")
          .tag("operation", operation)
          .tag("outcome", outcome)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(30))
          .register(registry)
          .record(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  @Override
  public CreateOutcome create(Notification notification) {
    return timed("create", () -> store.create(notification));
  }

  /** Timed as one {@code create} call, however many it creates: one group commit is one call. */
  @Override
  public List<CreateResult> createAll(List<Notification> notifications) {
    return timed("create", () -> store.createAll(notifications), TimedNotificationStore::outcomeOf);
  }

  @Override
  public List<CreateResult> createAll(List<Notification> notifications, LeaseOffer offer) {
    return timed(
        "create", () -> store.createAll(notifications, offer), TimedNotificationStore::outcomeOf);
  }

  /**
   * A failed item makes the call an error, or, when each failed one was refused as the request's
   * fault, refused.
   */
  private static String outcomeOf(List<CreateResult> results) {
    var outcome = "success";
    for (var result : results) {
      if (result instanceof CreateResult.Failed failed) {
        if (!(failed.error() instanceof RefusedValueException)) {
          return "error";
        }
        outcome = "refused";
      }
    }
    return outcome;
  }

  @Override
  public Optional<Notification> find(String id) {
    return timed("find", () -> store.find(id));
  }

  @Override
  public List<Attempt> findAttempts(String id) {
    return timed("findAttempts", () -> store.findAttempts(id));
  }

  @Override
  public Page<Notification> search(NotificationQuery query) {
    return timed("search", () -> store.search(query));
  }

  @Override
  public List<Notification> claimDue(Instant now, int limit, Instant leaseUntil) {
    return timed("claimDue", () -> store.claimDue(now, limit, leaseUntil));
  }

  @Override
  public List<Notification> claimDue(int limit, InstantSource clock, Duration lease) {
    return timed("claimDue", () -> store.claimDue(limit, clock, lease));
  }

  @Override
  public Set<String> apply(List<Transition> transitions) {
    return timed("apply", () -> store.apply(transitions));
  }

  @Override
  public int purgeEnded(Instant completedBefore, int limit) {
    return timed("purgeEnded", () -> store.purgeEnded(completedBefore, limit));
  }

  @Override
  public Stats stats(
      @Nullable String merchantId,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to) {
    return timed("stats", () -> store.stats(merchantId, channel, from, to));
  }

  @Override
  public List<StatsBucket> series(
      @Nullable String merchantId,
      @Nullable Channel channel,
      Instant from,
      Instant to,
      Duration bucket) {
    return timed("series", () -> store.series(merchantId, channel, from, to, bucket));
  }

  @Override
  public Backlog backlog(Instant now) {
    return timed("backlog", () -> store.backlog(now));
  }

  @Override
  public long countDue(Instant now) {
    return timed("countDue", () -> store.countDue(now));
  }

  @Override
  public long countActive() {
    return timed("countActive", () -> store.countActive());
  }
}
