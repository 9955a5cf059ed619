package com.paynotify.retry;

import com.paynotify.channel.Channel;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The policies a server knows by name: the built-in {@code alipay}, {@code wechat} and {@code
 * standard}, plus the operator's own. Thread-safe; a policy defined later replaces one of the same
 * name, but built-ins cannot be replaced.
 */
public final class RetryPolicies {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final List<RetryPolicy> BUILT_INS = List.of(alipay(), wechat(), standard());

  private final Map<String, RetryPolicy> custom = new ConcurrentHashMap<>();

  /** Alipay's schedule: 4m, 10m, 10m, 1h, 2h, 6h, 15h, eight attempts in about 25 hours. */
  public static RetryPolicy alipay() {
    return new RetryPolicy("alipay", DurationText.parseAll("4m", "10m", "10m", "1h", "2h", "6h", "15h"), DEFAULT_TIMEOUT);
  }

  /** WeChat Pay's schedule: fifteen retries from 15s to 6h, about 24 hours; 5s timeout as WeChat uses. */
  public static RetryPolicy wechat() {
    return new RetryPolicy(
        "wechat",
        DurationText.parseAll(
            "15s", "15s", "30s", "3m", "10m", "20m", "30m", "30m", "30m", "1h", "3h", "3h", "3h", "6h", "6h"),
        Duration.ofSeconds(5));
  }

  /** A short general schedule: 30s, 1m, 5m, 15m, 30m. */
  public static RetryPolicy standard() {
    return new RetryPolicy("standard", DurationText.parseAll("30s", "1m", "5m", "15m", "30m"), DEFAULT_TIMEOUT);
  }

  /** The built-in policies. */
  public static List<RetryPolicy> builtIns() {
    return BUILT_INS;
  }

  /** The policy a channel uses when a notification names none. */
  public static String defaultFor(Channel channel) {
    return switch (channel) {
      case ALIPAY -> "alipay";
      case WECHAT_V3, WECHAT_V2 -> "wechat";
      case WEBHOOK -> "standard";
    };
  }

  public static boolean isBuiltIn(String name) {
    return builtIns().stream().anyMatch(p -> p.name().equals(name));
  }

  /**
   * Adds or replaces an operator's policy.
   *
   * @throws IllegalArgumentException if the name is a built-in's
   */
  public void define(RetryPolicy policy) {
    if (isBuiltIn(policy.name())) {
      throw new IllegalArgumentException("name: '" + policy.name() + "' is a built-in policy and cannot be redefined");
    }
    custom.put(policy.name(), policy);
  }

  public Optional<RetryPolicy> find(String name) {
    return builtIns().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .or(() -> Optional.ofNullable(custom.get(name)));
  }

  /** Every policy, built-ins first. */
  public List<RetryPolicy> all() {
    Collection<RetryPolicy> mine = custom.values();
    return Stream.concat(builtIns().stream(), mine.stream().sorted(java.util.Comparator.comparing(RetryPolicy::name))).toList();
  }

  /** The longest attempt timeout of any policy: leases must outlast it. */
  public Duration longestTimeout() {
    return all().stream().map(RetryPolicy::timeout).max(Duration::compareTo).orElse(DEFAULT_TIMEOUT);
  }
}
