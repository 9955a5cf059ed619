package com.paynotify.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.testkit.FakeMerchant;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client against the real server, run as a process of its own, and a merchant's endpoint (a
 * real local HTTP server): what a payment platform does with it, end to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaynotifyClientTest {
  private ServerProcess server;
  private PaynotifyClient client;
  private final FakeMerchant merchant = FakeMerchant.start();
  private String merchantId;

  @BeforeAll
  void startServer() throws Exception {
    var dataDir = Files.createDirectories(Path.of("target", "client-server-" + UUID.randomUUID()));
    server = ServerProcess.start(dataDir);
    client = server.client();
    merchantId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    server.registerMerchant(merchantId);
  }

  @AfterAll
  void stopServer() throws Exception {
    merchant.close();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aCreatedNotificationIsDeliveredToTheMerchantAndReadBackWithItsAttempt() {
    merchant.alwaysReply(FakeMerchant.Reply.ok("ok"));

    var outcome = client.create(event("ORDER-DELIVERED").withExtra(Map.of("buyer", "张三")));
    var received = merchant.awaitRequests(1, Duration.ofSeconds(20));
    var delivered = awaitStatus(outcome.notification().id(), NotificationStatus.SUCCEEDED);

    assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
    assertThat(outcome.notification().amount()).isEqualByComparingTo("100.00");
    assertThat(outcome.notification().channel()).isEqualTo(Channel.WEBHOOK);
    assertThat(received)
        .anySatisfy(request -> assertThat(request.bodyText()).contains("ORDER-DELIVERED", "张三"));
    assertThat(delivered.attempts()).isEqualTo(1);
    assertThat(delivered.history())
        .singleElement()
        .satisfies(attempt -> assertThat(attempt.httpStatus()).isEqualTo(200));
  }

  @Test
  void creatingTheSameEventAgainAnswersTheFirstNotification() {
    var event = event("ORDER-TWICE").withIdempotencyKey("key-" + UUID.randomUUID());

    var first = client.create(event);
    var again = client.create(event);

    assertThat(first).isInstanceOf(CreateOutcome.Created.class);
    assertThat(again).isInstanceOf(CreateOutcome.Existing.class);
    assertThat(again.notification().id()).isEqualTo(first.notification().id());
  }

  @Test
  void anIdempotencyKeyReusedForAnotherEventIsRefusedAsTheDraftSays() {
    var key = "key-" + UUID.randomUUID();
    client.create(event("ORDER-KEY-1").withIdempotencyKey(key));

    assertThatThrownBy(() -> client.create(event("ORDER-KEY-2").withIdempotencyKey(key)))
        .isInstanceOfSatisfying(
            PaynotifyClientException.InvalidRequest.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.problem().error()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            });
  }

  @Test
  void aBadValueIsATypedErrorNamingTheField() {
    var notNotified =
        NewNotification.of(
            merchantId,
            Channel.WEBHOOK,
            "ORDER-BAD",
            PaymentStatus.SUCCESS,
            new BigDecimal("-1.00"),
            "CNY",
            merchant.url("/notify"));

    assertThatThrownBy(() -> client.create(notNotified))
        .isInstanceOfSatisfying(
            PaynotifyClientException.InvalidRequest.class,
            e -> {
              assertThat(e.problem().field()).isEqualTo("amount");
              assertThat(e.problem().type()).contains("docs/errors.md#");
              assertThat(e.problem().title()).isNotBlank();
            });
  }

  @Test
  void aBulkCreateAnswersEachItemOnItsOwnInOrder() {
    var good = event("ORDER-BULK-1");
    var bad =
        NewNotification.of(
            merchantId,
            Channel.WEBHOOK,
            "ORDER-BULK-2",
            PaymentStatus.SUCCESS,
            new BigDecimal("1.00"),
            "CNY",
            "not a url");

    var items = client.createAll(List.of(good, bad, good));

    assertThat(items).hasSize(3);
    assertThat(items.get(0))
        .isInstanceOfSatisfying(
            BatchItem.Done.class,
            done -> assertThat(done.outcome()).isInstanceOf(CreateOutcome.Created.class));
    assertThat(items.get(1))
        .isInstanceOfSatisfying(
            BatchItem.Refused.class,
            refused -> {
              assertThat(refused.status()).isEqualTo(422);
              assertThat(refused.field()).isEqualTo("notifyUrl");
            });
    assertThat(items.get(2))
        .isInstanceOfSatisfying(
            BatchItem.Done.class,
            done -> assertThat(done.outcome()).isInstanceOf(CreateOutcome.Existing.class));
  }

  @Test
  void searchesPageByPageFollowingNext() {
    var orderNo = "ORDER-PAGED-" + UUID.randomUUID().toString().substring(0, 6);
    var ids = new ArrayList<String>();
    for (var status :
        List.of(PaymentStatus.SUCCESS, PaymentStatus.REFUNDED, PaymentStatus.FAILED)) {
      ids.add(
          client
              .create(
                  NewNotification.of(
                      merchantId,
                      Channel.WEBHOOK,
                      orderNo,
                      status,
                      new BigDecimal("5.00"),
                      "CNY",
                      merchant.url("/notify")))
              .notification()
              .id());
    }
    var search =
        NotificationSearch.all().withMerchantId(merchantId).withOrderNo(orderNo).withSize(2);

    var first = client.search(search);
    var second = client.search(search.after(first));

    assertThat(first.items()).hasSize(2);
    assertThat(first.total()).isEqualTo(3);
    assertThat(first.next()).isNotNull();
    assertThat(second.items()).hasSize(1);
    assertThat(second.next()).isNull();
    assertThat(
            List.of(
                first.items().get(0).id(), first.items().get(1).id(), second.items().get(0).id()))
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void abandonsAndRetriesANotificationAndRefusesToAbandonOneThatSucceeded() {
    try (var failingMerchant = FakeMerchant.start().alwaysReply(FakeMerchant.Reply.status(500))) {
      var failing =
          client.create(
              NewNotification.of(
                      merchantId,
                      Channel.WEBHOOK,
                      "ORDER-ABANDON",
                      PaymentStatus.SUCCESS,
                      new BigDecimal("9.99"),
                      "CNY",
                      failingMerchant.url("/notify"))
                  .withRetryPolicy(ServerProcess.QUICK_POLICY));

      var abandoned =
          client.abandon(failing.notification().id(), "the order was cancelled by hand");
      failingMerchant.alwaysReply(FakeMerchant.Reply.ok("ok"));
      var retried = client.retry(failing.notification().id());
      var succeeded = awaitStatus(failing.notification().id(), NotificationStatus.SUCCEEDED);

      assertThat(abandoned.status()).isEqualTo(NotificationStatus.ABANDONED);
      assertThat(abandoned.abandonReason()).isEqualTo("the order was cancelled by hand");
      assertThat(retried.status())
          .isIn(
              NotificationStatus.PENDING,
              NotificationStatus.DELIVERING,
              NotificationStatus.SUCCEEDED);
      assertThat(succeeded.status()).isEqualTo(NotificationStatus.SUCCEEDED);
      assertThatThrownBy(() -> client.abandon(succeeded.id(), "too late"))
          .isInstanceOf(PaynotifyClientException.Conflict.class);
    }
  }

  @Test
  void anUnknownNotificationIsNotFound() {
    assertThatThrownBy(() -> client.get("no-such-notification"))
        .isInstanceOfSatisfying(
            PaynotifyClientException.NotFound.class,
            e -> assertThat(e.problem().error()).isEqualTo("NOT_FOUND"));
  }

  @Test
  void aWrongTokenIsUnauthorizedAndNeverShown() {
    var wrong = PaynotifyClient.builder(server.uri()).token("pn_wrong_secret_token").build();

    assertThatThrownBy(wrong::meta)
        .isInstanceOf(PaynotifyClientException.Unauthorized.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pn_wrong_secret_token"));
    assertThat(wrong.toString()).doesNotContain("pn_wrong_secret_token");
  }

  @Test
  void readsStatsAndTheServersVocabulary() {
    client.create(event("ORDER-STATS"));

    var stats = client.stats(StatsQuery.all().withMerchantId(merchantId));
    var meta = client.meta();

    assertThat(stats.total()).isPositive();
    assertThat(stats.byStatus()).containsKeys("PENDING", "SUCCEEDED", "FAILED", "ABANDONED");
    assertThat(meta.channels()).extracting(Meta.ChannelEntry::name).contains("ALIPAY", "WEBHOOK");
    assertThat(meta.paymentStatuses()).contains(new Meta.PaymentStatusEntry("PROCESSING", false));
  }

  private NewNotification event(String orderNo) {
    return NewNotification.of(
        merchantId,
        Channel.WEBHOOK,
        orderNo,
        PaymentStatus.SUCCESS,
        new BigDecimal("100.00"),
        "CNY",
        merchant.url("/notify"));
  }

  private Notification awaitStatus(String id, NotificationStatus status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    var read = client.get(id);
    while (read.status() != status && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      read = client.get(id);
    }
    return read;
  }
}
