package com.paynotify.retry;

import com.paynotify.InvalidRequestException;
import com.paynotify.KeysetPage;
import com.paynotify.NotFoundException;
import com.paynotify.PageRequest;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The retry policy use cases: list, read and define the operator's own. A policy is defined only
 * when the claim lease covers its timeout, and is saved to the store before it is used here.
 */
public final class Policies {
  private final RetryPolicies known;
  private final Lease lease;

  public Policies(RetryPolicies known, Lease lease) {
    this.known = known;
    this.lease = lease;
  }

  /**
   * A policy as defined.
   *
   * @param created true when no policy had that name before
   */
  public record Defined(RetryPolicy policy, boolean created) {}

  /** Every policy, built-ins first. */
  public List<RetryPolicy> all() {
    return known.all();
  }

  /**
   * One page of the policies in the order of {@link #all()}; the cursor is the last name read, and
   * a name no policy has starts nothing (an empty page). Every policy is held in memory here, so
   * the page is cut from them rather than read from the store.
   */
  public KeysetPage<RetryPolicy> page(PageRequest request) {
    var all = all();
    int start = 0;
    if (request.cursor() != null) {
      var names = all.stream().map(RetryPolicy::name).toList();
      int at = names.indexOf(request.cursor());
      start = at < 0 ? all.size() : at + 1;
    }
    var read = all.subList(start, Math.min(all.size(), start + request.limit() + 1));
    return KeysetPage.of(read, request.limit(), RetryPolicy::name);
  }

  /**
   * @throws NotFoundException if there is no policy of that name
   */
  public RetryPolicy get(String name) {
    return known.find(name).orElseThrow(() -> new NotFoundException("retry policy", name));
  }

  /**
   * Defines or replaces an operator's policy.
   *
   * @param timeout the attempt timeout; {@link RetryPolicies#DEFAULT_TIMEOUT} when null
   * @throws InvalidRequestException naming {@code name} for a built-in's, {@code intervals} for a
   *     bad schedule, or {@code timeout} for one the lease cannot cover
   */
  public Defined define(String name, List<Duration> intervals, @Nullable Duration timeout) {
    RetryPolicies.refuseBuiltIn(name);
    RetryPolicy policy;
    try {
      policy =
          new RetryPolicy(
              name, intervals, timeout == null ? RetryPolicies.DEFAULT_TIMEOUT : timeout);
    } catch (IllegalArgumentException e) {
      throw asInvalidRequest(e);
    }
    lease.check(policy);
    boolean existed = known.find(name).isPresent();
    known.save(policy);
    return new Defined(policy, !existed);
  }

  /** A {@link RetryPolicy} precondition names its field first, as in "timeout: 5m must be ...". */
  private static RuntimeException asInvalidRequest(IllegalArgumentException e) {
    var message = String.valueOf(e.getMessage());
    int colon = message.indexOf(": ");
    if (colon <= 0 || !message.substring(0, colon).matches("[a-zA-Z]+")) {
      return e;
    }
    return InvalidRequestException.invalid(
        message.substring(0, colon), message.substring(colon + 2));
  }
}
