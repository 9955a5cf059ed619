package com.paynotify.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.receiver.redis.JedisCommands;
import com.paynotify.receiver.redis.RedisIdempotencyStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

class RedisIdempotencyStoreTest extends IdempotencyStoreContract {
  private RedisClient redis;
  private String prefix;

  @Override
  IdempotencyStore openStore() {
    redis = TestServers.redis();
    prefix = "paynotify-test-" + TestServers.randomSuffix() + ":";
    return new RedisIdempotencyStore(new JedisCommands(redis), prefix);
  }

  @Override
  void closeStore() {
    for (var key : redis.keys(prefix + "*")) {
      redis.del(key);
    }
    redis.close();
  }

  /**
   * Redis purges by TTL: a DONE mark expires after its retention, a claim a minute after its lease.
   */
  @Override
  @Test
  void purgeDeletesExpiredRecordsButNeverALiveProcessingOne() throws Exception {
    var done = uniqueKey();
    var live = uniqueKey();
    store.claim(done, "fp", "owner", clock.instant(), LEASE);
    store.complete(done, "owner", clock.instant(), clock.instant().plusMillis(200));
    store.claim(live, "fp", "owner", clock.instant(), LEASE);

    Thread.sleep(400);
    var purged = store.purgeBatch(clock.instant(), clock.instant(), 100);

    assertThat(purged).as("nothing to do: TTLs did it").isZero();
    assertThat(store.find(done)).isEmpty();
    assertThat(store.find(live)).isPresent();
    assertThat(redis.pttl(prefix + live))
        .isBetween(
            LEASE.toMillis(), LEASE.plus(RedisIdempotencyStore.PROCESSING_TTL_SLACK).toMillis());
  }

  @Test
  void theDoneMarkCarriesTheRetentionAsItsTtl() {
    var key = uniqueKey();
    store.claim(key, "fp", "owner", clock.instant(), LEASE);

    store.complete(key, "owner", clock.instant(), clock.instant().plus(Duration.ofDays(7)));

    assertThat(redis.pttl(prefix + key))
        .isGreaterThan(Duration.ofDays(7).minusMinutes(1).toMillis());
  }

  @Test
  void sameTransactionModeNeedsAJdbcStore() {
    try (var receiver = webhookReceiver()) {

      var attempt =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> receiver.handleInTransaction(delivery(newNotifyId()), null, (n, c) -> {}));

      assertThat(attempt)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("store: same-transaction mode needs a JDBC store, got RedisIdempotencyStore");
    }
  }
}
