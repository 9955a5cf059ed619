package com.paynotify.delivery;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelCredentials;
import com.paynotify.merchant.AckRule;
import com.paynotify.merchant.ChannelCredentialStore;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantChannel;
import com.paynotify.merchant.MerchantStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Credentials read from the stores, cached briefly so the hot path does not read them for every
 * attempt: webhook secrets from the merchant, the other channels' keys from the {@link
 * ChannelCredentialStore}. A change reaches every node within the cache's lifetime, which is far
 * inside the webhook rotation grace period; for the other channels a rotation is immediate, so a
 * callback signed in those few seconds may still carry the old key's signature.
 */
public final class MerchantCredentials implements CredentialSource {
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);

  private final MerchantStore merchants;
  private final ChannelCredentialStore channels;
  private final InstantSource clock;
  private final Duration ttl;
  private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();

  public MerchantCredentials(
      MerchantStore merchants, ChannelCredentialStore channels, InstantSource clock, Duration ttl) {
    this.merchants = merchants;
    this.channels = channels;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Optional<ChannelCredentials> find(String merchantId, Channel channel, Instant now) {
    return switch (channel) {
      case WEBHOOK ->
          cached(new Key(merchantId, channel), () -> merchants.find(merchantId))
              .map(m -> m.webhookCredentials(now));
      case ALIPAY, WECHAT_V3, WECHAT_V2 ->
          cached(new Key(merchantId, channel), () -> channels.find(merchantId, channel))
              .map(MerchantChannel::credentials);
    };
  }

  /**
   * The merchant's default headers, from the merchant row the WEBHOOK credentials are cached from:
   * on WEBHOOK no further read, on the other channels one per merchant and cache lifetime.
   */
  @Override
  public Map<String, String> headers(String merchantId) {
    return cached(new Key(merchantId, Channel.WEBHOOK), () -> merchants.find(merchantId))
        .map(Merchant::defaultHeaders)
        .orElse(Map.of());
  }

  /**
   * The WEBHOOK rule from the merchant cached for its secrets, so judging an answer reads nothing
   * more.
   */
  @Override
  public AckRule ackRule(String merchantId, Channel channel) {
    return switch (channel) {
      case WEBHOOK ->
          cached(new Key(merchantId, channel), () -> merchants.find(merchantId))
              .map(Merchant::ackRule)
              .orElse(AckRule.DEFAULT);
      case ALIPAY, WECHAT_V3, WECHAT_V2 -> AckRule.DEFAULT;
    };
  }

  /**
   * Forgets a merchant's credentials on every channel at once, after a change made on this node.
   */
  @Override
  public void evict(String merchantId) {
    cache.keySet().removeIf(key -> key.merchantId().equals(merchantId));
  }

  @SuppressWarnings("unchecked")
  private <T> Optional<T> cached(Key key, Supplier<Optional<T>> load) {
    var now = clock.instant();
    var cached = cache.get(key);
    if (cached != null && now.isBefore(cached.expiresAt())) {
      return (Optional<T>) cached.value();
    }
    var fresh = load.get();
    cache.put(key, new Cached(fresh, now.plus(ttl)));
    return fresh;
  }

  private record Key(String merchantId, Channel channel) {}

  private record Cached(Optional<?> value, Instant expiresAt) {}
}
