package com.paynotify.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.PaymentEvent;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.WebhookCredentials;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.examples.shop.SampleShop.Delivery;
import com.paynotify.receiver.AlipayVerifier;
import com.paynotify.receiver.CallbackVerifier;
import com.paynotify.receiver.Outcome;
import com.paynotify.receiver.WebhookVerifier;
import com.paynotify.receiver.WechatV2Verifier;
import com.paynotify.receiver.WechatV3Verifier;
import com.paynotify.testkit.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 5's "Prove it", end to end: the real Paynotify server delivers each channel's notifications
 * over HTTP to the sample shop, which verifies them with the keys the server's API handed out and
 * marks its orders through the receiver. Whatever arrives twice, concurrently or after a failed
 * attempt, each order is updated exactly once. Subclasses put the shop's database (its {@code
 * orders} and the receiver's records, one transaction) on H2, PostgreSQL and MariaDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SampleShopEndToEndContract {
  private static final String API_V3_KEY = "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2";
  private static final String V2_API_KEY = "192006250b4c09247ec02edce69f6a2d";
  private static final int COPIES = 16;

  private PaynotifyServer server;
  private TestDatabase database;
  private HikariDataSource shopPool;
  private SampleShop shop;
  private String merchantId;
  private String webhookSecret;

  /** Orders whose first shipment fails: the warehouse is down once. */
  private final Set<String> warehouseDownOnce = ConcurrentHashMap.newKeySet();

  private final HttpClient http = HttpClient.newHttpClient();

  /** A fresh database for the shop. */
  abstract TestDatabase openShopDatabase();

  @BeforeAll
  void start() throws Exception {
    server = PaynotifyServer.start();
    merchantId = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    var merchant =
        server.post(
            "/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Sample shop\"}");
    assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
    webhookSecret = merchant.text("webhookSecret");
    var alipay = setCredentials("ALIPAY", "{\"appId\":\"2021000000000001\"}");
    var wechatV3 =
        setCredentials(
            "WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wxd678efh567hg6787\",\"apiV3Key\":\""
                + API_V3_KEY
                + "\"}");
    setCredentials(
        "WECHAT_V2",
        "{\"appId\":\"wx2421b1c4370ec43b\",\"mchId\":\"10000100\",\"apiKey\":\""
            + V2_API_KEY
            + "\",\"signType\":\"HMAC-SHA256\"}");

    // The shop is configured only with what the API handed out (and the keys it gave the API).
    var clock = InstantSource.system();
    List<CallbackVerifier> verifiers =
        List.of(
            WebhookVerifier.of(List.of(WebhookSecret.parse(webhookSecret)), clock),
            AlipayVerifier.of(
                new VerificationKeys.Alipay(
                    List.of(RsaKeys.parsePublicKey(alipay.text("publicKey"))),
                    AlipayCredentials.SignType.RSA2),
                clock),
            WechatV3Verifier.of(
                new VerificationKeys.WechatV3(
                    Map.of(
                        wechatV3.text("publicKeyId"),
                        RsaKeys.parsePublicKey(wechatV3.text("publicKeyPem"))),
                    List.of(API_V3_KEY)),
                clock),
            WechatV2Verifier.of(
                new VerificationKeys.WechatV2(
                    List.of(V2_API_KEY), WechatV2Credentials.SignType.HMAC_SHA256),
                clock));
    database = openShopDatabase();
    shopPool = new HikariDataSource();
    shopPool.setJdbcUrl(database.jdbcUrl());
    shopPool.setUsername(database.username());
    shopPool.setPassword(database.password());
    shopPool.setMaximumPoolSize(
        2 * COPIES + 4); // each request holds one while a copy waits, see SampleShop
    shop =
        SampleShop.start(
            shopPool,
            verifiers,
            notification -> {
              if (warehouseDownOnce.remove(notification.orderNo())) {
                throw new IllegalStateException("warehouse unavailable");
              }
            },
            0);
  }

  @AfterAll
  void stop() {
    if (shop != null) {
      shop.close();
    }
    if (shopPool != null) {
      shopPool.close();
    }
    if (database != null) {
      database.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private PaynotifyServer.Answer setCredentials(String channel, String json) {
    var answer = server.put("/api/v1/merchants/" + merchantId + "/channels/" + channel, json);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer;
  }

  private static String newOrderNo(Channel channel) {
    return channel.name().substring(0, 2) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Asks the server to notify the shop that {@code orderNo} was paid; returns the notification id.
   */
  private String notifyPaid(Channel channel, String orderNo, String amount) {
    var created =
        server.post(
            "/api/v1/notifications",
            """
        {"merchantId":"%s","channel":"%s","orderNo":"%s","transactionId":"4200%s","paymentStatus":"SUCCESS",
         "amount":"%s","currency":"CNY","notifyUrl":"%s","retryPolicy":"%s"}"""
                .formatted(
                    merchantId,
                    channel,
                    orderNo,
                    Math.abs(orderNo.hashCode()),
                    amount,
                    shop.url(channel),
                    PaynotifyServer.QUICK_POLICY));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.text("id");
  }

  private PaynotifyServer.Answer awaitSucceeded(String id) {
    var answer = server.awaitNotification(id, a -> "SUCCEEDED".equals(a.text("status")));
    assertThat(answer.text("status")).as(answer.body()).isEqualTo("SUCCEEDED");
    return answer;
  }

  private List<Delivery> deliveriesOf(String orderNo) {
    return shop.deliveries().stream()
        .filter(
            d ->
                d.receipt().notification() != null
                    && d.receipt().notification().orderNo().equals(orderNo))
        .toList();
  }

  private Delivery awaitDelivery(String orderNo, Outcome outcome) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var found =
          deliveriesOf(orderNo).stream().filter(d -> d.receipt().outcome() == outcome).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no " + outcome + " delivery for " + orderNo + ": " + deliveriesOf(orderNo));
  }

  /** POSTs the very callback the server sent, from {@value #COPIES} threads at once. */
  private List<HttpResponse<String>> postConcurrently(Channel channel, ReceivedCallback callback)
      throws Exception {
    var start = new CountDownLatch(1);
    var answers = new ArrayList<Future<HttpResponse<String>>>();
    try (var threads = Executors.newFixedThreadPool(COPIES)) {
      for (var i = 0; i < COPIES; i++) {
        answers.add(
            threads.submit(
                () -> {
                  var request =
                      HttpRequest.newBuilder(shop.url(channel))
                          .POST(HttpRequest.BodyPublishers.ofByteArray(callback.body()));
                  callback
                      .headers()
                      .forEach(
                          (name, value) -> {
                            var lower = name.toLowerCase(Locale.ROOT);
                            if (lower.equals("content-type")
                                || lower.startsWith("webhook-")
                                || lower.startsWith("wechatpay-")) {
                              request.header(name, value);
                            }
                          });
                  start.await();
                  return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                }));
      }
      start.countDown();
    }
    return answers.stream().map(Future::resultNow).toList();
  }

  private boolean acknowledged(Channel channel, HttpResponse<String> response) {
    return ChannelFormat.of(channel)
        .judge(response.statusCode(), response.body())
        .name()
        .equals("ACCEPTED");
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void theServersNotificationMarksTheOrderPaidOnceAndReplayedCopiesChangeNothing(Channel channel)
      throws Exception {
    var orderNo = newOrderNo(channel);
    shop.orders().place(orderNo, new BigDecimal("100.00"));

    var id = notifyPaid(channel, orderNo, "100.00");
    var delivered = awaitSucceeded(id);
    var captured = awaitDelivery(orderNo, Outcome.PROCESSED).callback();
    var replies = postConcurrently(channel, captured);
    var operatorRetry = server.post("/api/v1/notifications/" + id + "/retry", "{}");

    assertThat(delivered.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(replies)
        .allSatisfy(reply -> assertThat(acknowledged(channel, reply)).as(reply.body()).isTrue());
    assertThat(deliveriesOf(orderNo))
        .extracting(d -> d.receipt().outcome())
        .containsOnlyOnce(Outcome.PROCESSED)
        .filteredOn(o -> o != Outcome.PROCESSED)
        .hasSize(COPIES)
        .containsOnly(Outcome.DUPLICATE_DONE);
    assertThat(operatorRetry.status()).as("a SUCCEEDED notification is not retried").isEqualTo(409);
    assertThat(shop.orders().find(orderNo))
        .get()
        .satisfies(
            order -> {
              assertThat(order.status()).isEqualTo("PAID");
              assertThat(order.transactionId()).isEqualTo("4200" + Math.abs(orderNo.hashCode()));
              assertThat(order.updates()).isEqualTo(1);
            });
  }

  @ParameterizedTest
  @EnumSource(
      value = Channel.class,
      names = {"WEBHOOK", "ALIPAY", "WECHAT_V3"})
  void aFailedFirstAttemptRacedByConcurrentCopiesAndTheServersRetryUpdatesTheOrderOnce(
      Channel channel) throws Exception {
    var orderNo = newOrderNo(channel);
    shop.orders().place(orderNo, new BigDecimal("42.00"));
    warehouseDownOnce.add(orderNo);

    var id = notifyPaid(channel, orderNo, "42.00");
    var failed = awaitDelivery(orderNo, Outcome.RELEASED_ON_FAILURE);
    // The server retries in 1 s; meanwhile the same callback arrives 16 times at once.
    postConcurrently(channel, failed.callback());
    var done = awaitSucceeded(id);

    assertThat(done.json().get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(done.json().get("history").get(0).get("outcome").asString())
        .isNotEqualTo("SUCCEEDED");
    var outcomes = deliveriesOf(orderNo).stream().map(d -> d.receipt().outcome()).toList();
    assertThat(outcomes)
        .as("the first failed, then exactly one copy ran")
        .containsOnlyOnce(Outcome.RELEASED_ON_FAILURE)
        .containsOnlyOnce(Outcome.PROCESSED)
        .allMatch(
            o ->
                o == Outcome.RELEASED_ON_FAILURE
                    || o == Outcome.PROCESSED
                    || o == Outcome.DUPLICATE_DONE
                    || o == Outcome.DUPLICATE_IN_PROGRESS);
    assertThat(shop.orders().find(orderNo))
        .get()
        .satisfies(
            order -> {
              assertThat(order.status()).isEqualTo("PAID");
              assertThat(order.updates()).isEqualTo(1);
            });
  }

  @Test
  void aCallbackSignedWithAnotherSecretIsRejectedAndChangesNoOrder() throws Exception {
    var orderNo = newOrderNo(Channel.WEBHOOK);
    shop.orders().place(orderNo, new BigDecimal("10.00"));
    var event =
        new PaymentEvent(
            "evt_forged",
            merchantId,
            orderNo,
            "TX-1",
            PaymentStatus.SUCCESS,
            new BigDecimal("10.00"),
            null,
            "CNY",
            Map.of(),
            Instant.now());
    var forged =
        ChannelFormat.of(Channel.WEBHOOK)
            .build(event, WebhookCredentials.of(WebhookSecret.generate()), Instant.now());

    var replies =
        postConcurrently(Channel.WEBHOOK, new ReceivedCallback(forged.headers(), forged.body()));

    assertThat(replies).allSatisfy(reply -> assertThat(reply.statusCode()).isEqualTo(400));
    assertThat(shop.orders().find(orderNo))
        .get()
        .satisfies(
            order -> {
              assertThat(order.status()).isEqualTo("NEW");
              assertThat(order.updates()).isZero();
            });
  }

  @Test
  void aCallbackWhoseAmountDiffersFromTheOrderIsRefusedAndTheServerKeepsRetrying() {
    var orderNo = newOrderNo(Channel.ALIPAY);
    shop.orders().place(orderNo, new BigDecimal("10.00"));

    var id = notifyPaid(Channel.ALIPAY, orderNo, "0.01");
    var answer =
        server.awaitNotification(
            id,
            a -> a.json().get("attempts").asInt() >= 1 && !"DELIVERING".equals(a.text("status")));

    assertThat(answer.json().get("history").get(0).get("errorKind").asString())
        .isEqualTo("BAD_ACK");
    assertThat(shop.orders().find(orderNo)).get().extracting(Orders.Order::updates).isEqualTo(0);
  }
}
