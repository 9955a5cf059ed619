package com.paynotify.receiver.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.Outcome;
import com.paynotify.receiver.Receipt;
import com.paynotify.receiver.spring.autoconfigure.PaynotifyReceiverAutoConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The receivers close before Spring Data Redis' connection factory stops, so a delivery running
 * when the application shuts down still writes its DONE mark.
 */
class ShutdownOnRedisTest {
  private final String prefix = TestRedis.freshPrefix();

  @AfterEach
  void deleteKeys() {
    TestRedis.deleteKeys(prefix);
  }

  @Test
  void aDeliveryInFlightWhenTheApplicationStopsStillEndsDone() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataRedisAutoConfiguration.class, PaynotifyReceiverAutoConfiguration.class))
        .withPropertyValues(
            "spring.data.redis.host=127.0.0.1",
            "paynotify.receiver.store.redis-key-prefix=" + prefix,
            "paynotify.receiver.webhook.secrets=" + SignedCallbacks.SECRET.reveal())
        .run(
            context -> {
              var callbacks = context.getBean(PaynotifyCallbacks.class);
              var started = new CountDownLatch(1);
              var proceed = new CountDownLatch(1);
              var callback = SignedCallbacks.webhook("evt_shutdown", "O-9", "9.00", Instant.now());
              try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                var inFlight =
                    threads.submit(
                        () ->
                            callbacks.handle(
                                Channel.WEBHOOK,
                                callback,
                                n -> {
                                  started.countDown();
                                  proceed.await();
                                }));
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

                var stopping = threads.submit(context::close);
                awaitClosed(callbacks);
                proceed.countDown();
                Receipt receipt = inFlight.get(10, TimeUnit.SECONDS);
                stopping.get(10, TimeUnit.SECONDS);

                assertThat(receipt.outcome()).isEqualTo(Outcome.PROCESSED);
                assertThat(
                        TestRedis.template()
                            .opsForValue()
                            .get(prefix + receipt.notification().dedupKey()))
                    .startsWith("DONE\n");
              }
            });
  }

  /** Until a probe is refused as CLOSED (an open receiver rejects it unread). */
  private static void awaitClosed(PaynotifyCallbacks callbacks) throws InterruptedException {
    var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (callbacks.handle(Channel.WEBHOOK, SignedCallbacks.junk(), n -> {}).outcome()
        != Outcome.CLOSED) {
      assertThat(System.nanoTime()).as("receivers closed in time").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
