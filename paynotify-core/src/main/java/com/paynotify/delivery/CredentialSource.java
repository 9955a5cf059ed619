package com.paynotify.delivery;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelCredentials;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Finds the keys a merchant's callbacks on a channel are signed with at a given time. */
public interface CredentialSource {

  /** The credentials, or empty when the merchant is unknown or has none for the channel. */
  Optional<ChannelCredentials> find(String merchantId, Channel channel, Instant now);

  /**
   * The headers the merchant's callbacks carry on every channel, values opened; empty when the
   * merchant is unknown or has none. Cached with the credentials, as an attempt asks every time.
   */
  default Map<String, String> headers(String merchantId) {
    return Map.of();
  }

  /**
   * Forgets what is cached of a merchant's credentials, after a change made on this node; nothing
   * to do for a source that caches nothing.
   */
  default void evict(String merchantId) {}
}
