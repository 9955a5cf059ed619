package com.paynotify.receiver.spring;

import com.paynotify.receiver.redis.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link RedisCommands} on Spring Data Redis (Lettuce, as Spring Boot configures it): a {@link
 * StringRedisTemplate} runs the store's Lua scripts by {@code EVALSHA}, falling back to {@code
 * EVAL} the first time. Its own template, never one with transaction support: inside a
 * {@code @Transactional} method such a template queues commands and answers null.
 */
public final class SpringRedisCommands implements RedisCommands {
  private final StringRedisTemplate redis;
  private final Map<String, RedisScript<List>> scripts = new ConcurrentHashMap<>();

  private SpringRedisCommands(StringRedisTemplate redis) {
    this.redis = redis;
  }

  /** Commands on a template of their own over the application's connection factory. */
  public static SpringRedisCommands on(RedisConnectionFactory connectionFactory) {
    var template = new StringRedisTemplate(connectionFactory);
    template.setEnableTransactionSupport(false);
    return new SpringRedisCommands(template);
  }

  @Override
  public boolean setIfAbsent(String key, String value, Duration ttl) {
    return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, value, ttl));
  }

  @Override
  public @Nullable String get(String key) {
    return redis.opsForValue().get(key);
  }

  /**
   * The scripts answer a string or an integer; asked for a list (Redis' "multi" reply type, the one
   * that takes either), Lettuce wraps a single reply in a one-element list.
   */
  @Override
  public @Nullable Object eval(String script, String key, List<String> args) {
    var compiled = scripts.computeIfAbsent(script, text -> RedisScript.of(text, List.class));
    List<?> reply = redis.execute(compiled, List.of(key), args.toArray());
    return reply == null || reply.isEmpty() ? null : reply.getFirst();
  }
}
