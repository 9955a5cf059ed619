package com.paynotify.server.config;

import com.paynotify.InvalidRequestException;
import com.paynotify.delivery.Cidr;
import com.paynotify.retry.DurationText;
import com.paynotify.retry.Lease;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicy;
import java.util.List;

/** Turns configuration text into core values, failing start-up with the property that is wrong. */
final class ConfiguredPolicies {
  private ConfiguredPolicies() {}

  /** The configured policies, each one the lease covers, as the API would define them. */
  static List<RetryPolicy> from(PaynotifyProperties properties) {
    var lease = new Lease(properties.delivery().lease());
    return properties.policies().entrySet().stream()
        .map(e -> policy(e.getKey(), e.getValue(), lease))
        .toList();
  }

  private static RetryPolicy policy(String name, PaynotifyProperties.Policy config, Lease lease) {
    var where = "paynotify.policies." + name;
    try {
      var intervals = config.intervals() == null ? List.<String>of() : config.intervals();
      var timeout = config.timeout() == null ? RetryPolicies.DEFAULT_TIMEOUT : DurationText.parse(config.timeout());
      return lease.check(new RetryPolicy(name, intervals.stream().map(DurationText::parse).toList(), timeout));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + ": " + e.getMessage(), e);
    } catch (InvalidRequestException e) {
      throw new IllegalStateException(where + "." + e.getMessage() + " (paynotify.delivery.lease)", e);
    }
  }

  static Cidr cidr(String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("paynotify.delivery.allowed-networks: " + e.getMessage(), e);
    }
  }
}
