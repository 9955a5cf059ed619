package com.paynotify.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.jdbc.JdbcIdempotencyStore;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NotificationReceiverTest {
  private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final AtomicInteger runs = new AtomicInteger();
  private HikariDataSource dataSource;
  private JdbcIdempotencyStore store;

  @BeforeEach
  void h2Store() {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(
        "jdbc:h2:mem:receiver_" + TestServers.randomSuffix() + ";DB_CLOSE_DELAY=-1");
    store = JdbcIdempotencyStore.create(dataSource);
    store.createSchemaIfMissing();
  }

  @AfterEach
  void close() {
    dataSource.close();
  }

  private NotificationReceiver.Builder builder() {
    return NotificationReceiver.builder(
            WebhookVerifier.of(List.of(Deliveries.SECRET), clock), store)
        .clock(clock)
        .metrics(metrics);
  }

  @Nested
  class Settings {
    @Test
    void aRetentionNotLongerThanTheSendersRetryWindowIsRefused() {
      var builder = builder().retention(Duration.ofHours(24));

      assertThatThrownBy(builder::build)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "retention: must exceed the WEBHOOK sender's retry window (PT36H), got PT24H;"
                  + " a retry arriving after its DONE record is purged would run the handler again");
    }

    @Test
    void theWechatWindowIsAboutTwentyFiveHours() {
      var keys =
          new com.paynotify.channel.VerificationKeys.WechatV3(
              java.util.Map.of(OfficialSdk.PUBLIC_KEY_ID, OfficialSdk.PLATFORM.getPublic()),
              List.of(OfficialSdk.APIV3_KEY));
      var builder =
          NotificationReceiver.builder(WechatV3Verifier.of(keys, clock), store)
              .retention(Duration.ofHours(25));

      assertThatThrownBy(builder::build)
          .hasMessageContaining("WECHAT_V3 sender's retry window (PT25H)");
    }

    @Test
    void aHeartbeatNotShorterThanTheLeaseIsRefused() {
      var builder = builder().lease(Duration.ofSeconds(10)).heartbeat(Duration.ofSeconds(10));

      assertThatThrownBy(builder::build)
          .hasMessage("heartbeat: must be positive and shorter than the lease (PT10S), got PT10S");
    }

    @Test
    void aBodyLimitBelowOneByteAndANegativeCloseWaitAreRefused() {
      assertThatThrownBy(() -> builder().maxBodyBytes(0).build())
          .hasMessage("maxBodyBytes: must be at least 1, got 0");
      assertThatThrownBy(() -> builder().closeWait(Duration.ofSeconds(-1)).build())
          .hasMessage("closeWait: must not be negative, got PT-1S");
    }

    @Test
    void aLongerSenderWindowRaisesTheFloor() {
      var builder = builder().senderRetryWindow(Duration.ofDays(10));

      assertThatThrownBy(builder::build).hasMessageContaining("retry window (PT240H), got PT168H");
    }
  }

  @Test
  void anInvalidCallbackIsRejectedCountedAndNeverRun() {
    try (var receiver = builder().build()) {
      var callback =
          Deliveries.webhook("evt_1", "O1", "1.00", clock.instant().minus(Duration.ofHours(1)));

      var receipt = receiver.handle(callback, n -> runs.incrementAndGet());

      assertThat(receipt.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(receipt.reply().status()).isEqualTo(400);
      assertThat(receipt.notification()).isNull();
      assertThat(metrics.count(Outcome.REJECTED)).isEqualTo(1);
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  void theMerchantCheckRefusesAnEventBeforeAnyRecordOrHandler() {
    NotificationCheck amountMatchesOrder =
        n ->
            n.amount().compareTo(new java.math.BigDecimal("100.00")) == 0
                ? Optional.empty()
                : Optional.of("amount " + n.amount() + " differs from order " + n.orderNo());
    try (var receiver = builder().check(amountMatchesOrder).build()) {

      var receipt =
          receiver.handle(
              Deliveries.webhook("evt_2", "O2", "99.99", clock.instant()),
              n -> runs.incrementAndGet());

      assertThat(receipt.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(receipt.reply().body()).isEqualTo("amount 99.99 differs from order O2");
      assertThat(store.find("WEBHOOK:evt_2")).isEmpty();
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  void aStoreThatIsDownGetsTheRetryableFailureAndTheHandlerNeverRuns() {
    try (var receiver = builder().build()) {
      dataSource.close();

      var receipt =
          receiver.handle(
              Deliveries.webhook("evt_3", "O3", "1.00", clock.instant()),
              n -> runs.incrementAndGet());

      assertThat(receipt.outcome()).isEqualTo(Outcome.STORE_FAILURE);
      assertThat(receipt.reply().status()).isEqualTo(503);
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  void purgeRunsInBatchesUntilNothingIsLeftAndCountsWhatItDeleted() {
    try (var receiver = builder().purgeBatchSize(2).build()) {
      for (var i = 0; i < 5; i++) {
        receiver.handle(Deliveries.webhook("evt_p" + i, "O" + i, "1.00", clock.instant()), n -> {});
      }
      store.claim("WEBHOOK:live", "fp", "owner", clock.instant(), Duration.ofSeconds(30));

      clock.advance(
          NotificationReceiver.DEFAULT_RETENTION.plusSeconds(31)); // past the first lease too
      store.claim("WEBHOOK:live-later", "fp", "owner", clock.instant(), Duration.ofSeconds(30));
      var purged = receiver.purge();

      assertThat(purged).as("5 DONE + 1 claim abandoned for the whole retention").isEqualTo(6);
      assertThat(metrics.purged).hasValue(6);
      assertThat(store.find("WEBHOOK:live-later")).isPresent();
    }
  }

  @Test
  void theReceiverAnswersForItsVerifiersChannel() {
    try (var receiver = builder().build()) {
      assertThat(receiver.channel()).isEqualTo(Channel.WEBHOOK);
    }
  }
}
