package com.paynotify.merchant;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps merchants read from another store for a short time, so creating a notification does not
 * read the merchant each time. Changes made through this store are seen at once; changes made on
 * another node are seen within the time to live.
 */
public final class CachingMerchantStore implements MerchantStore {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

  private final MerchantStore delegate;
  private final InstantSource clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public CachingMerchantStore(MerchantStore delegate, InstantSource clock, Duration ttl) {
    this.delegate = delegate;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public void create(Merchant merchant) {
    delegate.create(merchant);
    cache.remove(merchant.id());
  }

  @Override
  public void update(Merchant merchant) {
    delegate.update(merchant);
    cache.remove(merchant.id());
  }

  @Override
  public Optional<Merchant> find(String id) {
    var now = clock.instant();
    var cached = cache.get(id);
    if (cached != null && now.isBefore(cached.expiresAt())) {
      return cached.merchant();
    }
    var fresh = delegate.find(id);
    cache.put(id, new Cached(fresh, now.plus(ttl)));
    return fresh;
  }

  @Override
  public List<Merchant> findAll() {
    return delegate.findAll();
  }

  @Override
  public List<Merchant> findPage(@Nullable String afterId, int limit) {
    return delegate.findPage(afterId, limit);
  }

  private record Cached(Optional<Merchant> merchant, Instant expiresAt) {}
}
