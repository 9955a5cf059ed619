package com.paynotify.receiver.spring.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.receiver.IdempotencyStore;
import com.paynotify.receiver.redis.RedisIdempotencyStore;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The receiver's records on the machine's Redis through Spring Data Redis (Lettuce); orders on H2.
 */
class ShopOnRedisTest extends ShopEndToEndContract {
  private static final Merchant merchant = Merchant.register();
  private static final String PREFIX = "paynotify-starter-shop:" + UUID.randomUUID() + ":";

  @Autowired IdempotencyStore store;
  @Autowired StringRedisTemplate redis;

  @DynamicPropertySource
  static void shop(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:shop_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    registry.add("spring.data.redis.host", () -> "127.0.0.1");
    registry.add("spring.data.redis.port", () -> 6379);
    registry.add("paynotify.receiver.store.type", () -> "redis");
    registry.add("paynotify.receiver.store.redis-key-prefix", () -> PREFIX);
    merchant.addTo(registry);
  }

  @AfterAll
  void deleteKeys() {
    var keys = redis.keys(PREFIX + "*");
    if (keys != null && !keys.isEmpty()) {
      redis.delete(keys);
    }
  }

  @Override
  Merchant merchant() {
    return merchant;
  }

  @Test
  void theRecordsAreRedisKeysUnderTheConfiguredPrefix() {
    assertThat(store).isInstanceOf(RedisIdempotencyStore.class);
  }
}
