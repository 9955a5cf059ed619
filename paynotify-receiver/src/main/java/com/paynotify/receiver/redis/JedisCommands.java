package com.paynotify.receiver.redis;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * {@link RedisCommands} on Jedis: pass a {@code RedisClient}/{@code JedisPooled} (any {@link
 * UnifiedJedis}), which pools its connections and is thread-safe.
 */
public final class JedisCommands implements RedisCommands {
  private final UnifiedJedis jedis;

  public JedisCommands(UnifiedJedis jedis) {
    this.jedis = jedis;
  }

  @Override
  public boolean setIfAbsent(String key, String value, Duration ttl) {
    return "OK".equals(jedis.set(key, value, SetParams.setParams().nx().px(ttl.toMillis())));
  }

  @Override
  public @Nullable String get(String key) {
    return jedis.get(key);
  }

  @Override
  public @Nullable Object eval(String script, String key, List<String> args) {
    return jedis.eval(script, List.of(key), args);
  }
}
