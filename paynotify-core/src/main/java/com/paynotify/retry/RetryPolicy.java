package com.paynotify.retry;

import com.paynotify.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named retry schedule: the intervals between attempts and the timeout of each attempt. Total
 * attempts = 1 initial attempt + one per interval, so Alipay's seven intervals give eight attempts.
 * The attempt count lives in the stored notification, so the policy itself holds no state.
 *
 * @param intervals the wait before attempt 2, 3, ... in order
 * @param timeout how long one attempt may take, connect to last byte
 */
public record RetryPolicy(String name, List<Duration> intervals, Duration timeout) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** The longest schedule accepted: past this a task would linger for months. */
  public static final int MAX_INTERVALS = 50;

  /**
   * The longest wait between two attempts; a longer one would schedule past what databases store.
   */
  public static final Duration MAX_INTERVAL = Duration.ofDays(365);

  public RetryPolicy {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name: "
              + InvalidRequestException.echo(name)
              + " must be 1-64 of a-z, 0-9, '-' and '_', starting with a letter or digit");
    }
    if (intervals.size() > MAX_INTERVALS) {
      throw new IllegalArgumentException(
          "intervals: " + intervals.size() + " given, at most " + MAX_INTERVALS + " allowed");
    }
    for (var interval : intervals) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("intervals: " + interval + " must be positive");
      }
      if (interval.compareTo(MAX_INTERVAL) > 0) {
        throw new IllegalArgumentException(
            "intervals: " + interval + " is longer than " + DurationText.format(MAX_INTERVAL));
      }
    }
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0
        || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
      throw new IllegalArgumentException("timeout: " + timeout + " must be between 1s and 2m");
    }
    intervals = List.copyOf(intervals);
  }

  /** Attempts this policy allows in all, the first one included. */
  public int maxAttempts() {
    return intervals.size() + 1;
  }

  /**
   * When the next attempt is due after {@code attemptsMade} attempts, the last of which ended at
   * {@code now}; empty when the schedule is exhausted.
   */
  public Optional<Instant> nextAttemptAt(int attemptsMade, Instant now) {
    if (attemptsMade < 1) {
      throw new IllegalArgumentException("attemptsMade: " + attemptsMade + " must be at least 1");
    }
    if (attemptsMade > intervals.size()) {
      return Optional.empty();
    }
    return Optional.of(now.plus(intervals.get(attemptsMade - 1)));
  }

  /**
   * The longest interval: the cap on how far a merchant's {@code Retry-After} may push an attempt.
   */
  public Duration longestInterval() {
    return intervals.stream().max(Duration::compareTo).orElse(Duration.ZERO);
  }
}
