package com.paynotify.client;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which notifications {@link PaynotifyClient#stats} counts: those of a merchant and a channel
 * created in {@code [from, to)}, each null for any, with the series in buckets of {@code bucket}
 * ({@code minute}, {@code hour} or {@code day}; the server picks one when null).
 */
public record StatsQuery(
    @Nullable String merchantId,
    @Nullable Channel channel,
    @Nullable Instant from,
    @Nullable Instant to,
    @Nullable String bucket) {

  /** Every notification. */
  public static StatsQuery all() {
    return new StatsQuery(null, null, null, null, null);
  }

  public StatsQuery withMerchantId(String merchantId) {
    return new StatsQuery(merchantId, channel, from, to, bucket);
  }

  public StatsQuery withChannel(Channel channel) {
    return new StatsQuery(merchantId, channel, from, to, bucket);
  }

  public StatsQuery createdBetween(@Nullable Instant from, @Nullable Instant to) {
    return new StatsQuery(merchantId, channel, from, to, bucket);
  }

  public StatsQuery withBucket(String bucket) {
    return new StatsQuery(merchantId, channel, from, to, bucket);
  }
}
