package com.paynotify.retry;

import com.paynotify.InvalidRequestException;
import java.time.Duration;

/**
 * How long a claim holds a notification before another node may take it over, and the one rule that
 * keeps two attempts of a notification from ever being open at once: the lease covers twice the
 * attempt's timeout (queueing at the host may take up to one timeout) plus {@link #MARGIN}.
 *
 * @param length how long a claim holds
 */
public record Lease(Duration length) {
  /** Kept free of the lease after an attempt's timeout, for writing its result. */
  public static final Duration MARGIN = Duration.ofSeconds(5);

  public Lease {
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("lease: " + length + " must be positive");
    }
  }

  /** The shortest lease that covers attempts of {@code timeout}. */
  public static Duration covering(Duration timeout) {
    return timeout.multipliedBy(2).plus(MARGIN);
  }

  /** The longest attempt timeout this lease covers, in whole seconds as operators write them. */
  public Duration longestTimeout() {
    var longest = length.minus(MARGIN).dividedBy(2);
    return longest.isNegative() ? Duration.ZERO : Duration.ofSeconds(longest.toSeconds());
  }

  /**
   * Refuses a policy whose attempts this lease cannot cover; a policy defined anyway would have its
   * attempts outlive their claims and be sent twice at once.
   *
   * @return {@code policy}
   * @throws InvalidRequestException naming {@code timeout} and this lease
   */
  public RetryPolicy check(RetryPolicy policy) {
    var longest = longestTimeout();
    if (policy.timeout().compareTo(longest) <= 0) {
      return policy;
    }
    var timeout = DurationText.format(policy.timeout());
    var lease = DurationText.format(length);
    if (longest.compareTo(Duration.ofSeconds(1)) < 0) {
      throw InvalidRequestException.invalid(
          "timeout",
          timeout
              + " is too long for the "
              + lease
              + " lease, which covers no attempt: a lease of at least "
              + DurationText.format(covering(Duration.ofSeconds(1)))
              + " covers a 1s timeout");
    }
    throw InvalidRequestException.invalid(
        "timeout",
        timeout
            + " is too long for the "
            + lease
            + " lease: at most "
            + DurationText.format(longest));
  }

  /**
   * The lease to claim with while {@code slowest} is the policy with the longest timeout: this one,
   * or the longer one that policy needs, so a policy stored before the rule still delivers safely.
   */
  public Duration lengthFor(RetryPolicy slowest) {
    var needed = covering(slowest.timeout());
    return needed.compareTo(length) > 0 ? needed : length;
  }
}
