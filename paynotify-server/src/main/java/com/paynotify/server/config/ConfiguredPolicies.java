package com.paynotify.server.config;

import com.paynotify.InvalidRequestException;
import com.paynotify.channel.Channel;
import com.paynotify.delivery.Cidr;
import com.paynotify.retry.DurationText;
import com.paynotify.retry.Lease;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
      var timeout =
          config.timeout() == null
              ? RetryPolicies.DEFAULT_TIMEOUT
              : DurationText.parse(config.timeout());
      return lease.check(
          new RetryPolicy(name, intervals.stream().map(DurationText::parse).toList(), timeout));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + ": " + e.getMessage(), e);
    } catch (InvalidRequestException e) {
      throw new IllegalStateException(
          where + "." + e.getMessage() + " (paynotify.delivery.lease)", e);
    }
  }

  /**
   * Sets each configured channel default on {@code policies}, which must already know the
   * configured policies.
   *
   * @throws IllegalStateException naming {@code paynotify.channels.<channel>.default-policy} for an
   *     unknown channel or policy
   */
  static void channelDefaults(PaynotifyProperties properties, RetryPolicies policies) {
    properties
        .channels()
        .forEach(
            (key, settings) -> {
              var where = "paynotify.channels." + key + ".default-policy";
              var name = settings.defaultPolicy();
              if (name == null || name.isBlank()) {
                return;
              }
              Channel channel;
              try {
                channel = Channel.valueOf(key.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
              } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                    where
                        + ": '"
                        + key
                        + "' is not a channel; one of "
                        + Arrays.toString(Channel.values()),
                    e);
              }
              try {
                policies.useByDefault(channel, name.strip());
              } catch (InvalidRequestException e) {
                // The core names its own field, defaultPolicy: the property stands in for it.
                throw new IllegalStateException(
                    where + e.getMessage().substring(e.field().length()), e);
              }
            });
  }

  static Cidr cidr(String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("paynotify.delivery.allowed-networks: " + e.getMessage(), e);
    }
  }
}
