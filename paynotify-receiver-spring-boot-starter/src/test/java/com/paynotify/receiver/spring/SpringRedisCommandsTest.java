package com.paynotify.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.receiver.IdempotencyRecord;
import com.paynotify.receiver.IdempotencyStore.Claim;
import com.paynotify.receiver.redis.RedisIdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Redis store's Lua scripts run through Spring Data Redis and Lettuce on a real Redis. */
class SpringRedisCommandsTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

  private final String prefix = TestRedis.freshPrefix();
  private final RedisIdempotencyStore store =
      new RedisIdempotencyStore(SpringRedisCommands.on(TestRedis.connectionFactory()), prefix);

  @AfterEach
  void deleteKeys() {
    TestRedis.deleteKeys(prefix);
  }

  @Test
  void aClaimHoldsTheKeyUntilItsOwnerMarksItDoneForTheRetention() {
    var first = store.claim("WEBHOOK:evt_1", "fp", "owner-a", NOW, LEASE);
    var duplicate = store.claim("WEBHOOK:evt_1", "fp", "owner-b", NOW, LEASE);

    var completed = store.complete("WEBHOOK:evt_1", "owner-a", NOW, NOW.plus(Duration.ofDays(7)));
    var afterDone = store.claim("WEBHOOK:evt_1", "fp", "owner-b", NOW, LEASE);

    assertThat(first).isEqualTo(new Claim.Acquired(false));
    assertThat(duplicate)
        .isInstanceOfSatisfying(
            Claim.Held.class,
            held -> {
              assertThat(held.record().state()).isEqualTo(IdempotencyRecord.State.PROCESSING);
              assertThat(held.record().ownerToken()).isEqualTo("owner-a");
            });
    assertThat(completed).isTrue();
    assertThat(afterDone)
        .isInstanceOfSatisfying(
            Claim.Held.class,
            held -> assertThat(held.record().state()).isEqualTo(IdempotencyRecord.State.DONE));
    assertThat(TestRedis.template().getExpire(prefix + "WEBHOOK:evt_1", TimeUnit.DAYS))
        .isBetween(6L, 7L);
  }

  @Test
  void aLapsedClaimIsTakenOverAndItsFormerOwnerIsFencedOff() {
    store.claim("ALIPAY:n1", "fp", "owner-a", NOW, LEASE);
    var later = NOW.plus(LEASE).plusSeconds(1);

    var takeover = store.claim("ALIPAY:n1", "fp", "owner-b", later, LEASE);

    assertThat(takeover).isEqualTo(new Claim.Acquired(true));
    assertThat(store.renew("ALIPAY:n1", "owner-a", later, LEASE)).isFalse();
    assertThat(store.complete("ALIPAY:n1", "owner-a", later, later.plus(Duration.ofDays(7))))
        .isFalse();
    assertThat(store.release("ALIPAY:n1", "owner-a")).isFalse();
    assertThat(store.renew("ALIPAY:n1", "owner-b", later, LEASE)).isTrue();
    assertThat(store.complete("ALIPAY:n1", "owner-b", later, later.plus(Duration.ofDays(7))))
        .isTrue();
  }

  @Test
  void aReleasedClaimLetsTheNextDeliveryRunAsAFirst() {
    store.claim("WECHAT_V3:n2", "fp", "owner-a", NOW, LEASE);

    var released = store.release("WECHAT_V3:n2", "owner-a");
    var next = store.claim("WECHAT_V3:n2", "fp", "owner-b", NOW, LEASE);

    assertThat(released).isTrue();
    assertThat(next).isEqualTo(new Claim.Acquired(false));
    assertThat(store.find("WECHAT_V3:n2"))
        .get()
        .extracting(IdempotencyRecord::ownerToken)
        .isEqualTo("owner-b");
  }
}
