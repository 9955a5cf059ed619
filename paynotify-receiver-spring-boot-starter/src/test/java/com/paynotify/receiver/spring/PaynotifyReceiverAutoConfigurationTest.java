package com.paynotify.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.WebhookSignature;
import com.paynotify.channel.WechatV3Format;
import com.paynotify.receiver.IdempotencyStore;
import com.paynotify.receiver.NotificationCheck;
import com.paynotify.receiver.NotificationReceiver;
import com.paynotify.receiver.Outcome;
import com.paynotify.receiver.ReceivedNotification;
import com.paynotify.receiver.ReceiverMetrics;
import com.paynotify.receiver.micrometer.MicrometerReceiverMetrics;
import com.paynotify.receiver.redis.RedisIdempotencyStore;
import com.paynotify.receiver.spring.autoconfigure.PaynotifyReceiverAutoConfiguration;
import com.paynotify.receiver.spring.autoconfigure.PaynotifyReceiverProperties;
import com.paynotify.testkit.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class PaynotifyReceiverAutoConfigurationTest {
  private static final String WEBHOOK =
      "paynotify.receiver.webhook.secrets=" + SignedCallbacks.SECRET.reveal();
  private static final String V2_KEY =
      "paynotify.receiver.wechat-v2.api-keys=192006250b4c09247ec02edce69f6a2d";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PaynotifyReceiverAutoConfiguration.class));

  /** An application with a DataSource (a fresh H2 database) and Boot's transaction manager. */
  private ApplicationContextRunner withDataSource() {
    return runner
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class,
                TransactionAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /**
   * An application with Spring Data Redis on the machine's Redis, its keys under a fresh prefix.
   */
  private ApplicationContextRunner withRedis(String prefix) {
    return runner
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
        .withPropertyValues(
            "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=6379",
            "paynotify.receiver.store.redis-key-prefix=" + prefix);
  }

  private static String freshPrefix() {
    return "paynotify-starter-test:" + UUID.randomUUID() + ":";
  }

  private static void deleteKeys(RedisConnectionFactory factory, String prefix) {
    var redis = new StringRedisTemplate(factory);
    var keys = redis.keys(prefix + "*");
    if (keys != null && !keys.isEmpty()) {
      redis.delete(keys);
    }
  }

  private static Throwable root(Throwable failure) {
    var cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static int records(DataSource dataSource) {
    return new JdbcTemplate(dataSource)
        .queryForObject("SELECT COUNT(*) FROM paynotify_receiver_idempotency", Integer.class);
  }

  @Test
  void withoutChannelKeysItMakesNoStoreAndNoReceiver() {
    withDataSource()
        .run(
            context -> {
              assertThat(context)
                  .hasNotFailed()
                  .doesNotHaveBean(IdempotencyStore.class)
                  .doesNotHaveBean(HandlerTransaction.class);
              assertThat(context.getBean(ChannelReceivers.class).channels()).isEmpty();
            });
  }

  @Test
  void eachChannelWithKeysGetsAReceiverOnTheApplicationsDataSourceJoiningItsTransactions() {
    withDataSource()
        .withPropertyValues(WEBHOOK, V2_KEY)
        .run(
            context -> {
              assertThat(context).hasNotFailed();

              var receivers = context.getBean(ChannelReceivers.class);

              assertThat(receivers.channels())
                  .containsExactlyInAnyOrder(Channel.WEBHOOK, Channel.WECHAT_V2);
              assertThat(context.getBean(IdempotencyStore.class))
                  .isInstanceOf(SpringJdbcIdempotencyStore.class);
              assertThat(context.getBean(HandlerTransaction.class))
                  .isInstanceOf(SpringHandlerTransaction.class);
              assertThat(records(context.getBean(DataSource.class)))
                  .as("the table was created")
                  .isZero();
            });
  }

  @Test
  void withoutADataSourceTheStoreIsRedisAndADuplicateIsProcessedOnce() {
    var prefix = freshPrefix();
    withRedis(prefix)
        .withPropertyValues(WEBHOOK)
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(HandlerTransaction.class);
              var callbacks = context.getBean(PaynotifyCallbacks.class);
              var callback =
                  SignedCallbacks.webhook(
                      "evt_" + UUID.randomUUID(), "O-1", "10.00", Instant.now());
              var runs = new ArrayList<String>();
              try {
                var first = callbacks.handle(Channel.WEBHOOK, callback, n -> runs.add(n.orderNo()));
                var second =
                    callbacks.handle(Channel.WEBHOOK, callback, n -> runs.add(n.orderNo()));

                assertThat(context.getBean(IdempotencyStore.class))
                    .isInstanceOf(RedisIdempotencyStore.class);
                assertThat(first.outcome()).isEqualTo(Outcome.PROCESSED);
                assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE_DONE);
                assertThat(runs).containsExactly("O-1");
              } finally {
                deleteKeys(context.getBean(RedisConnectionFactory.class), prefix);
              }
            });
  }

  @Test
  void withBothADataSourceAndRedisTheStoreIsJdbc() {
    withDataSource()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
        .withPropertyValues(WEBHOOK, "spring.data.redis.host=127.0.0.1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();

              assertThat(context.getBean(IdempotencyStore.class))
                  .isInstanceOf(SpringJdbcIdempotencyStore.class);
            });
  }

  @Test
  void storeTypeRedisChoosesRedisOverTheDataSource() {
    var prefix = freshPrefix();
    withDataSource()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
        .withPropertyValues(
            WEBHOOK,
            "paynotify.receiver.store.type=redis",
            "spring.data.redis.host=127.0.0.1",
            "paynotify.receiver.store.redis-key-prefix=" + prefix)
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(HandlerTransaction.class);

              assertThat(context.getBean(IdempotencyStore.class))
                  .isInstanceOf(RedisIdempotencyStore.class);
            });
  }

  @Test
  void aChannelWithKeysButNoStoreFailsStartupSayingWhatToAdd() {
    runner
        .withPropertyValues(WEBHOOK)
        .run(
            context -> {
              assertThat(context).hasFailed();

              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("no idempotency store")
                  .hasMessageContaining("DataSource")
                  .hasMessageContaining("Redis");
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "paynotify.receiver.wechat-v2.api-keys | not-a-v2-key-9   | paynotify.receiver.wechat-v2: apiKeys[0]: must be 32 characters",
        "paynotify.receiver.alipay.public-keys | not-a-public-key | paynotify.receiver.alipay.public-keys[0]: ",
        "paynotify.receiver.webhook.secrets    | whsec_c2hvcnQ=   | paynotify.receiver.webhook.secrets[0]: ",
        "paynotify.receiver.wechat-v3.api-v3-keys | 0123456789abcdef0123456789abcdef | paynotify.receiver.wechat-v3: publicKeysById: at least one key",
      })
  void anInvalidKeyFailsStartupNamingItsPropertyNeverItsValue(
      String property, String value, String message) {
    withDataSource()
        .withPropertyValues(property + "=" + value)
        .run(
            context -> {
              assertThat(context).hasFailed();

              var failure = context.getStartupFailure();

              assertThat(failure).rootCause().hasMessageStartingWith(message);
              assertThat(failure).rootCause().message().doesNotContain(value);
            });
  }

  @Test
  void aRetentionWithinTheSendersRetryWindowFailsStartupNamingIt() {
    withDataSource()
        .withPropertyValues(WEBHOOK, "paynotify.receiver.retention=1d")
        .run(
            context -> {
              assertThat(context).hasFailed();

              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageStartingWith(
                      "paynotify.receiver.retention: must exceed the WEBHOOK sender's retry window");
            });
  }

  /** db-scheduler's no-drift rule: the starter's defaults are the library's constants. */
  @Test
  void theDefaultsAreTheReceiverLibrarysOwn() {
    withDataSource()
        .withPropertyValues(WEBHOOK)
        .run(
            context -> {
              var properties = context.getBean(PaynotifyReceiverProperties.class);
              var receiver = context.getBean(ChannelReceivers.class).receiver(Channel.WEBHOOK);

              assertThat(properties.lease()).isEqualTo(NotificationReceiver.DEFAULT_LEASE);
              assertThat(properties.heartbeat())
                  .as("a third of the lease, decided by the receiver")
                  .isNull();
              assertThat(properties.retention()).isEqualTo(NotificationReceiver.DEFAULT_RETENTION);
              assertThat(properties.inProgressWait())
                  .isEqualTo(NotificationReceiver.DEFAULT_IN_PROGRESS_WAIT);
              assertThat(properties.pollInterval())
                  .isEqualTo(NotificationReceiver.DEFAULT_POLL_INTERVAL);
              assertThat(properties.maxBodyBytes())
                  .isEqualTo(NotificationReceiver.DEFAULT_MAX_BODY_BYTES);
              assertThat(receiver.maxBodyBytes())
                  .isEqualTo(NotificationReceiver.DEFAULT_MAX_BODY_BYTES);
              assertThat(properties.closeWait()).isEqualTo(NotificationReceiver.DEFAULT_CLOSE_WAIT);
              assertThat(properties.purge().batchSize())
                  .isEqualTo(NotificationReceiver.DEFAULT_PURGE_BATCH_SIZE);
              assertThat(properties.webhook().tolerance())
                  .isEqualTo(WebhookSignature.DEFAULT_TOLERANCE);
              assertThat(properties.wechatV3().tolerance())
                  .isEqualTo(WechatV3Format.DEFAULT_TOLERANCE);
              assertThat(properties.webhook().senderRetryWindow())
                  .as("the receiver's per-channel window")
                  .isNull();
            });
  }

  @Test
  void theBodyLimitReachesTheReceiver() {
    withDataSource()
        .withPropertyValues(WEBHOOK, "paynotify.receiver.max-body-size=64B")
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);
              var callback = SignedCallbacks.webhook("evt_big", "O-1", "10.00", Instant.now());

              var receipt = callbacks.handle(Channel.WEBHOOK, callback, n -> {});

              assertThat(
                      context
                          .getBean(ChannelReceivers.class)
                          .receiver(Channel.WEBHOOK)
                          .maxBodyBytes())
                  .isEqualTo(64);
              assertThat(receipt.outcome()).isEqualTo(Outcome.REJECTED);
              assertThat(receipt.reply().status()).isEqualTo(400);
            });
  }

  @Test
  void noPropertiesTextShowsAKey() {
    withDataSource()
        .withPropertyValues(
            WEBHOOK,
            V2_KEY,
            "paynotify.receiver.wechat-v3.api-v3-keys=a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2",
            "paynotify.receiver.wechat-v3.public-keys[0].id=PUB_KEY_ID_1",
            "paynotify.receiver.wechat-v3.public-keys[0].pem="
                + RsaKeys.publicKeyBase64(RsaKeys.generate().getPublic()))
        .run(
            context -> {
              var text = context.getBean(PaynotifyReceiverProperties.class).toString();

              assertThat(text)
                  .doesNotContain(
                      SignedCallbacks.SECRET.reveal(),
                      "192006250b4c09247ec02edce69f6a2d",
                      "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2")
                  .contains("PUB_KEY_ID_1");
            });
  }

  @Test
  void deliveriesAreCountedInTheApplicationsMeterRegistry() {
    withDataSource()
        .withPropertyValues(WEBHOOK)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);

              callbacks.handle(Channel.WEBHOOK, SignedCallbacks.junk(), n -> {});

              assertThat(context.getBean(ReceiverMetrics.class))
                  .isInstanceOf(MicrometerReceiverMetrics.class);
              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .counter(
                              "paynotify.receiver.deliveries",
                              "channel",
                              "WEBHOOK",
                              "outcome",
                              "rejected")
                          .count())
                  .isEqualTo(1.0);
            });
  }

  @Test
  void itRunsWithNeitherMicrometerNorSpringDataRedisOnTheClasspath() {
    withDataSource()
        .withPropertyValues(WEBHOOK)
        .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.data.redis"))
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(ReceiverMetrics.class);

              var receipt =
                  context
                      .getBean(PaynotifyCallbacks.class)
                      .handle(
                          Channel.WEBHOOK,
                          SignedCallbacks.webhook("evt_1", "O-1", "1.00", Instant.now()),
                          n -> {});

              assertThat(receipt.outcome()).isEqualTo(Outcome.PROCESSED);
            });
  }

  @Test
  void theApplicationsCheckAndCustomizersApplyToEveryReceiver() {
    var customized = new CopyOnWriteArrayList<Channel>();
    withDataSource()
        .withPropertyValues(WEBHOOK, V2_KEY)
        .withBean(NotificationCheck.class, () -> n -> Optional.of("no such order " + n.orderNo()))
        .withBean(
            NotificationReceiverCustomizer.class,
            () -> (channel, builder) -> customized.add(channel))
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);

              var receipt =
                  callbacks.handle(
                      Channel.WEBHOOK,
                      SignedCallbacks.webhook("evt_2", "O-404", "1.00", Instant.now()),
                      n -> {});

              assertThat(receipt.outcome()).isEqualTo(Outcome.REFUSED);
              assertThat(customized).containsExactlyInAnyOrder(Channel.WEBHOOK, Channel.WECHAT_V2);
            });
  }

  /** A listener whose own transaction (REQUIRES_NEW) shows that it was called through its proxy. */
  static class WebhookListener {
    private final List<String> transactions = new CopyOnWriteArrayList<>();

    public List<String> transactions() {
      return transactions;
    }

    @PaynotifyListener(channel = Channel.WEBHOOK)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void paid(ReceivedNotification notification) {
      transactions.add(
          String.valueOf(TransactionSynchronizationManager.getCurrentTransactionName()));
    }
  }

  @Test
  void aListenerMethodHandlesItsChannelThroughTheBeansProxy() {
    withDataSource()
        .withPropertyValues(WEBHOOK)
        .withBean(WebhookListener.class)
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);
              var callback = SignedCallbacks.webhook("evt_3", "O-3", "5.00", Instant.now());
              var headers = new HttpHeaders();
              callback.headers().forEach(headers::add);

              var response = callbacks.receive(Channel.WEBHOOK, headers, callback.body());

              assertThat(response.getStatusCode().value()).isEqualTo(204);
              assertThat(context.getBean(WebhookListener.class).transactions())
                  .singleElement()
                  .asString()
                  .endsWith("WebhookListener.paid");
            });
  }

  static class AlipayListener {
    @PaynotifyListener(channel = Channel.ALIPAY)
    void paid(ReceivedNotification notification) {}
  }

  static class SecondWebhookListener {
    @PaynotifyListener(channel = Channel.WEBHOOK)
    void paid(ReceivedNotification notification) {}
  }

  @Test
  void aListenerOfAChannelWithoutKeysFailsStartup() {
    withDataSource()
        .withPropertyValues(WEBHOOK)
        .withBean(AlipayListener.class)
        .run(
            context -> {
              assertThat(context).hasFailed();

              assertThat(root(context.getStartupFailure()))
                  .hasMessageContaining("@PaynotifyListener(channel = ALIPAY)")
                  .hasMessageContaining("paynotify.receiver.alipay");
            });
  }

  @Test
  void twoListenersOfOneChannelFailStartup() {
    withDataSource()
        .withPropertyValues(WEBHOOK)
        .withBean(WebhookListener.class)
        .withBean(SecondWebhookListener.class)
        .run(
            context -> {
              assertThat(context).hasFailed();

              assertThat(root(context.getStartupFailure()))
                  .hasMessageContaining("one listener per channel");
            });
  }

  @Test
  void afterTheApplicationStopsADeliveryIsClosedAndAskedToComeBack() {
    withDataSource()
        .withPropertyValues(WEBHOOK)
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);
              var runs = new ArrayList<String>();

              context.close();
              var receipt =
                  callbacks.handle(
                      Channel.WEBHOOK,
                      SignedCallbacks.webhook("evt_4", "O-4", "1.00", Instant.now()),
                      n -> runs.add(n.orderNo()));

              assertThat(receipt.outcome()).isEqualTo(Outcome.CLOSED);
              assertThat(receipt.reply().status()).as("webhook retryable failure").isEqualTo(503);
              assertThat(runs).isEmpty();
            });
  }

  @Test
  void thePurgeRunsOnItsScheduleWithTheApplicationsClock() {
    var clock = MutableClock.startingAt("2026-12-01T00:00:00Z");
    withDataSource()
        .withPropertyValues(WEBHOOK, "paynotify.receiver.purge.interval=50ms")
        .withBean(InstantSource.class, () -> clock)
        .run(
            context -> {
              var dataSource = context.getBean(DataSource.class);
              context
                  .getBean(PaynotifyCallbacks.class)
                  .handle(
                      Channel.WEBHOOK,
                      SignedCallbacks.webhook("evt_5", "O-5", "1.00", clock.instant()),
                      n -> {});
              assertThat(records(dataSource)).isEqualTo(1);

              clock.tick(NotificationReceiver.DEFAULT_RETENTION.plusSeconds(1));

              var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
              while (records(dataSource) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
              }
              assertThat(records(dataSource)).as("purged by the schedule").isZero();
            });
  }
}
