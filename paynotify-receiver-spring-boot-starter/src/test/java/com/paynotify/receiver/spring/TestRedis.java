package com.paynotify.receiver.spring;

import java.util.UUID;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The machine's Redis (127.0.0.1:6379) through a Lettuce connection of the tests' own. */
final class TestRedis {
  private static LettuceConnectionFactory factory;

  private TestRedis() {}

  static synchronized LettuceConnectionFactory connectionFactory() {
    if (factory == null) {
      factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
      factory.afterPropertiesSet();
      factory.start();
    }
    return factory;
  }

  static StringRedisTemplate template() {
    return new StringRedisTemplate(connectionFactory());
  }

  /** A key prefix no other run uses. */
  static String freshPrefix() {
    return "paynotify-starter-test:" + UUID.randomUUID() + ":";
  }

  /** Deletes every key under the prefix: the tests leave nothing behind on the shared server. */
  static void deleteKeys(String prefix) {
    var redis = template();
    var keys = redis.keys(prefix + "*");
    if (keys != null && !keys.isEmpty()) {
      redis.delete(keys);
    }
  }
}
