package com.paynotify.retry;

import com.paynotify.InvalidRequestException;
import com.paynotify.channel.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The policies a server knows by name: the built-in {@code alipay}, {@code wechat} and {@code
 * standard}, plus the operator's own. Thread-safe; a policy defined later replaces one of the same
 * name, but built-ins cannot be replaced. Backed by a {@link RetryPolicyStore}, a name not known
 * here is looked up there, so a policy another node defined a moment ago is used at once.
 */
public final class RetryPolicies {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** How long a name the store did not have is not asked for again. */
  static final Duration MISS_TTL = Duration.ofSeconds(30);

  /** Names remembered as missing at most; the oldest is forgotten first. */
  static final int MAX_MISSES = 1024;

  private static final List<RetryPolicy> BUILT_INS = List.of(alipay(), wechat(), standard());

  private final Map<String, RetryPolicy> custom = new ConcurrentHashMap<>();

  /** Channel defaults set by {@link #useByDefault}; a channel not here uses {@link #defaultFor}. */
  private final Map<Channel, String> defaults = new ConcurrentHashMap<>();

  private final @Nullable RetryPolicyStore store;
  private final InstantSource clock;
  private final Map<String, Instant> misses =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > MAX_MISSES;
        }
      };

  /** The built-ins and what is defined here, with no store behind them. */
  public RetryPolicies() {
    this.store = null;
    this.clock = InstantSource.system();
  }

  /** Policies that look a name they do not know up in {@code store}, and keep what they find. */
  public RetryPolicies(RetryPolicyStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Alipay's schedule: 4m, 10m, 10m, 1h, 2h, 6h, 15h, eight attempts in about 25 hours. */
  public static RetryPolicy alipay() {
    return new RetryPolicy(
        "alipay",
        DurationText.parseAll("4m", "10m", "10m", "1h", "2h", "6h", "15h"),
        DEFAULT_TIMEOUT);
  }

  /**
   * WeChat Pay's schedule: fifteen retries from 15s to 6h, about 24 hours; 5s timeout as WeChat
   * uses.
   */
  public static RetryPolicy wechat() {
    return new RetryPolicy(
        "wechat",
        DurationText.parseAll(
            "15s", "15s", "30s", "3m", "10m", "20m", "30m", "30m", "30m", "1h", "3h", "3h", "3h",
            "6h", "6h"),
        Duration.ofSeconds(5));
  }

  /** A short general schedule: 30s, 1m, 5m, 15m, 30m. */
  public static RetryPolicy standard() {
    return new RetryPolicy(
        "standard", DurationText.parseAll("30s", "1m", "5m", "15m", "30m"), DEFAULT_TIMEOUT);
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

  /**
   * The policy a notification on {@code channel} naming none is given: the one set for it, else
   * {@link #defaultFor}.
   */
  public String defaultOf(Channel channel) {
    return defaults.getOrDefault(channel, defaultFor(channel));
  }

  /**
   * Makes {@code name} the policy notifications on {@code channel} get when they name none, as
   * configuration does at start-up.
   *
   * @throws InvalidRequestException naming {@code defaultPolicy} if no policy of that name is known
   */
  public void useByDefault(Channel channel, String name) {
    if (find(name).isEmpty()) {
      throw InvalidRequestException.invalid(
          "defaultPolicy",
          "unknown retry policy "
              + InvalidRequestException.echo(name)
              + "; known: "
              + all().stream().map(RetryPolicy::name).toList());
    }
    defaults.put(channel, name);
  }

  public static boolean isBuiltIn(String name) {
    return builtIns().stream().anyMatch(p -> p.name().equals(name));
  }

  /**
   * Adds or replaces an operator's policy here only, as configuration and start-up do.
   *
   * @throws InvalidRequestException naming {@code name} if it is a built-in's
   */
  public void define(RetryPolicy policy) {
    refuseBuiltIn(policy.name());
    custom.put(policy.name(), policy);
  }

  /**
   * Adds or replaces an operator's policy for good: saved to the store first, so every node and
   * every restart sees it, then known here. Without a store, as {@link #define}.
   *
   * @throws InvalidRequestException naming {@code name} if it is a built-in's
   */
  public void save(RetryPolicy policy) {
    refuseBuiltIn(policy.name());
    if (store != null) {
      store.save(policy);
    }
    custom.put(policy.name(), policy);
  }

  /**
   * @throws InvalidRequestException naming {@code name} if it is a built-in's
   */
  static void refuseBuiltIn(String name) {
    if (isBuiltIn(name)) {
      throw InvalidRequestException.invalid(
          "name",
          InvalidRequestException.echo(name) + " is a built-in policy and cannot be redefined");
    }
  }

  /**
   * The policy of that name: a built-in, one defined here, or one only the store has, which is then
   * kept here. A name the store lacks is not asked for again for {@link #MISS_TTL}.
   *
   * @throws RuntimeException what the store throws when it cannot be read
   */
  public Optional<RetryPolicy> find(String name) {
    var known =
        builtIns().stream()
            .filter(p -> p.name().equals(name))
            .findFirst()
            .or(() -> Optional.ofNullable(custom.get(name)));
    return known.isPresent() || store == null ? known : lookUp(store, name);
  }

  private Optional<RetryPolicy> lookUp(RetryPolicyStore store, String name) {
    var now = clock.instant();
    synchronized (misses) {
      var missedAt = misses.get(name);
      if (missedAt != null && now.isBefore(missedAt.plus(MISS_TTL))) {
        return Optional.empty();
      }
    }
    var found = store.find(name);
    if (found.isPresent()) {
      synchronized (misses) {
        misses.remove(name);
      }
      return Optional.of(custom.computeIfAbsent(name, n -> found.get()));
    }
    synchronized (misses) {
      misses.remove(name);
      misses.put(name, now);
    }
    return Optional.empty();
  }

  /** Every policy, built-ins first. */
  public List<RetryPolicy> all() {
    Collection<RetryPolicy> mine = custom.values();
    return Stream.concat(
            builtIns().stream(), mine.stream().sorted(Comparator.comparing(RetryPolicy::name)))
        .toList();
  }

  /** The known policy with the longest attempt timeout: the one a claim's lease must cover. */
  public RetryPolicy slowest() {
    return Stream.concat(builtIns().stream(), custom.values().stream())
        .max(Comparator.comparing(RetryPolicy::timeout).thenComparing(RetryPolicy::name))
        .orElseThrow();
  }
}
