package com.paynotify.server.config;

import com.paynotify.Paynotify;
import com.paynotify.delivery.HostGate;
import com.paynotify.notification.RetentionPurge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code paynotify.*}. Unset values fall back to the core's {@code DEFAULT_*}
 * constants, so the server and the library cannot drift apart.
 *
 * @param apiToken the bearer token of the API; generated into the data directory when unset
 * @param masterKey base64 of the 32-byte AES key that encrypts stored private and shared keys (env
 *     PAYNOTIFY_MASTER_KEY); generated into the data directory when unset, on a database no key has
 *     sealed yet
 * @param dataDir where the embedded database and the generated token and master key live
 * @param retention how long SUCCEEDED and ABANDONED notifications are kept
 * @param policies operator-defined retry policies by name
 * @param channels settings per channel, keyed by its name in any case ({@code webhook}, {@code
 *     wechat-v3}): {@code paynotify.channels.webhook.default-policy=alipay}
 */
@ConfigurationProperties("paynotify")
public record PaynotifyProperties(
    @Nullable String apiToken,
    @Nullable String masterKey,
    @Nullable String dataDir,
    @Nullable Duration retention,
    @Nullable Map<String, Policy> policies,
    @Nullable Delivery delivery,
    @Nullable Map<String, ChannelSettings> channels) {

  public PaynotifyProperties {
    dataDir = dataDir != null ? dataDir : "./data";
    retention = retention != null ? retention : RetentionPurge.DEFAULT_RETENTION;
    policies = policies != null ? Map.copyOf(policies) : Map.of();
    delivery =
        delivery != null ? delivery : new Delivery(null, null, null, null, null, null, null, null);
    channels = channels != null ? Map.copyOf(channels) : Map.of();
  }

  @Override
  public String toString() {
    return "PaynotifyProperties[dataDir="
        + dataDir
        + ", retention="
        + retention
        + ", policies="
        + policies.keySet()
        + ", delivery="
        + delivery
        + ", channels="
        + channels
        + ", apiToken=redacted, masterKey=redacted]";
  }

  /** A retry policy from configuration: {@code intervals: [15s, 2m, 1h]}, {@code timeout: 10s}. */
  public record Policy(@Nullable List<String> intervals, @Nullable String timeout) {}

  /**
   * One channel's settings.
   *
   * @param defaultPolicy the retry policy a notification on the channel naming none is given (a
   *     built-in or one under {@code paynotify.policies}); unset, the channel's built-in default
   */
  public record ChannelSettings(@Nullable String defaultPolicy) {}

  /**
   * The dispatcher's settings.
   *
   * @param enabled false runs the API without delivering (a node that only accepts work)
   * @param allowedNetworks CIDR blocks callbacks may go to besides public addresses
   * @param lease how long a claimed notification is held before another node may take it over
   * @param batchSize notifications claimed per database round trip
   * @param maxInFlight attempts running at once on this node
   * @param maxPerHost attempts running at once against one merchant host
   * @param pollInterval the longest the dispatcher sleeps when nothing is due
   * @param hostFailureThreshold consecutive failures after which a host is backed off
   */
  public record Delivery(
      @Nullable Boolean enabled,
      @Nullable List<String> allowedNetworks,
      @Nullable Duration lease,
      @Nullable Integer batchSize,
      @Nullable Integer maxInFlight,
      @Nullable Integer maxPerHost,
      @Nullable Duration pollInterval,
      @Nullable Integer hostFailureThreshold) {

    public Delivery {
      enabled = enabled != null ? enabled : true;
      allowedNetworks = allowedNetworks != null ? List.copyOf(allowedNetworks) : List.of();
      lease = lease != null ? lease : Paynotify.DEFAULT_LEASE;
      batchSize = batchSize != null ? batchSize : Paynotify.DEFAULT_BATCH_SIZE;
      maxInFlight = maxInFlight != null ? maxInFlight : Paynotify.DEFAULT_MAX_IN_FLIGHT;
      maxPerHost = maxPerHost != null ? maxPerHost : HostGate.DEFAULT_MAX_PER_HOST;
      pollInterval = pollInterval != null ? pollInterval : Paynotify.DEFAULT_POLL_INTERVAL;
      hostFailureThreshold =
          hostFailureThreshold != null ? hostFailureThreshold : HostGate.DEFAULT_FAILURE_THRESHOLD;
    }
  }
}
