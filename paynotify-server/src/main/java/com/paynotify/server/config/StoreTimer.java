package com.paynotify.server.config;

import com.paynotify.RefusedValueException;
import com.paynotify.notification.CreateResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times calls to the notification stores as {@code paynotify.store.calls}, tagged by {@code
 * operation} and {@code outcome} ({@code success}, {@code error}, or {@code refused} when the
 * database refused a request's value); {@link TimedDeliveryQueue} and {@link
 * TimedNotificationReports} time each call of theirs with it.
 */
final class StoreTimer {
  static final String METER = "paynotify.store.calls";

  private final MeterRegistry registry;

  StoreTimer(MeterRegistry registry) {
    this.registry = registry;
  }

  <T> T timed(String operation, Supplier<T> call) {
    return timed(operation, call, result -> "success");
  }

  /**
   * As {@link #timed(String, Supplier)}, with the outcome of a call that returned read from its
   * result.
   */
  <T> T timed(String operation, Supplier<T> call, Function<T, String> outcomeOf) {
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

  /**
   * A failed item makes a bulk create an error, or, when each failed one was refused as the
   * request's fault, refused.
   */
  static String outcomeOf(List<CreateResult> results) {
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
}
