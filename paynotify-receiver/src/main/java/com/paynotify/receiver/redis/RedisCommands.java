package com.paynotify.receiver.redis;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The three Redis commands the store needs, so any client can back it. {@link JedisCommands} adapts
 * Jedis; a Lettuce or Redisson adapter is as small.
 */
public interface RedisCommands {

  /** {@code SET key value NX PX ttl}: true when the key was absent and is now set. */
  boolean setIfAbsent(String key, String value, Duration ttl);

  /** {@code GET key}, or null when absent. */
  @Nullable String get(String key);

  /** {@code EVAL script 1 key args...}: the script's reply (a String, a Long or null). */
  @Nullable Object eval(String script, String key, List<String> args);
}
