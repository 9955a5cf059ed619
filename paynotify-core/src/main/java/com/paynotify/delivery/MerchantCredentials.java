package com.paynotify.delivery;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelCredentials;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials read from the merchant store, cached briefly so the hot path does not read the
 * merchant for every attempt. A rotated secret reaches every node within the cache's lifetime,
 * which is far inside the rotation grace period.
 */
public final class MerchantCredentials implements CredentialSource {
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);

  private final MerchantStore merchants;
  private final InstantSource clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public MerchantCredentials(MerchantStore merchants, InstantSource clock, Duration ttl) {
    this.merchants = merchants;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Optional<ChannelCredentials> find(String merchantId, Channel channel, Instant now) {
    return merchant(merchantId).flatMap(m -> switch (channel) {
      case WEBHOOK -> Optional.of(m.webhookCredentials(now));
      case ALIPAY, WECHAT_V3, WECHAT_V2 -> Optional.empty();
    });
  }

  /** Forgets a merchant at once, after a change made on this node. */
  public void evict(String merchantId) {
    cache.remove(merchantId);
  }

  private Optional<Merchant> merchant(String id) {
    var now = clock.instant();
    var cached = cache.get(id);
    if (cached != null && now.isBefore(cached.expiresAt())) {
      return cached.merchant();
    }
    var fresh = merchants.find(id);
    cache.put(id, new Cached(fresh, now.plus(ttl)));
    return fresh;
  }

  private record Cached(Optional<Merchant> merchant, Instant expiresAt) {}
}
