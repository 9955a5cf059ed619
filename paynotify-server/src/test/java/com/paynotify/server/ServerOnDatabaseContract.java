package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The server on a database chosen by {@code spring.datasource.url} alone: the schema migrates
 * itself and a notification goes from the API to the merchant; payments move and notify, their
 * times reach the wire formats, a merchant's ack rule judges its callbacks and a test notification
 * is signed with the keys this database keeps.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.policies.quick.intervals=1s,1s,1s",
      "paynotify.data-dir=target/test-data"
    })
@DirtiesContext
abstract class ServerOnDatabaseContract {
  private final FakeMerchant merchant = FakeMerchant.start();
  @LocalServerPort int port;

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  @Test
  void deliversANotificationCreatedThroughTheApi() throws Exception {
    var api = new Api(port);
    api.post("/api/v1/merchants", "{\"id\":\"shop\",\"name\":\"Shop\"}");
    var body =
        """
        {"merchantId":"shop","channel":"WEBHOOK","orderNo":"DB-1","paymentStatus":"REFUNDED","amount":"100.00",
         "refundAmount":"30.50","currency":"CNY","notifyUrl":"%s","extra":{"price":12.345678901234567890}}"""
            .formatted(merchant.url("/notify"));

    var created = api.post("/api/v1/notifications", body);
    var repeated = api.post("/api/v1/notifications", body);

    assertThat(created.status()).isEqualTo(201);
    assertThat(repeated.status()).isEqualTo(200);
    var id = created.text("id");
    var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    var current = api.get("/api/v1/notifications/" + id);
    while (!"SUCCEEDED".equals(current.text("status")) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      current = api.get("/api/v1/notifications/" + id);
    }
    assertThat(current.text("status")).isEqualTo("SUCCEEDED");
    assertThat(current.text("amount")).isEqualTo("100.00");
    assertThat(current.text("refundAmount")).isEqualTo("30.50");
    assertThat(merchant.received().getLast().bodyText())
        .contains("\"refundAmount\":\"30.50\"", "\"price\":12.345678901234567890");
  }

  @Test
  void movesAPaymentFromProcessingToRefundedNotifyingEachNotifiedMoveInOrder() {
    var api = new Api(port);
    assertThat(api.post("/api/v1/merchants", "{\"id\":\"shop-pay\",\"name\":\"Shop\"}").status())
        .isEqualTo(201);

    PaymentFlow.run(api, merchant, "shop-pay");
  }

  @Test
  void keepsAPaymentIdOncePerMerchantAndARepeatedStatusChangesNothing() {
    var api = new Api(port);
    api.post("/api/v1/merchants", "{\"id\":\"shop-once\",\"name\":\"Shop\"}");
    api.post("/api/v1/merchants", "{\"id\":\"shop-other\",\"name\":\"Shop\"}");
    var body =
        """
        {"paymentId":"P-ONCE","merchantId":"%s","orderNo":"O-ONCE","channel":"WEBHOOK","amount":"%s",
         "currency":"CNY","notifyUrl":"%s"}""";
    var url = merchant.url("/once");
    var move = "{\"merchantId\":\"shop-once\",\"status\":\"SUCCESS\"}";

    var first = api.post("/api/v1/payments", body.formatted("shop-once", "100.00", url));
    var again = api.post("/api/v1/payments", body.formatted("shop-once", "100.00", url));
    var different = api.post("/api/v1/payments", body.formatted("shop-once", "5.00", url));
    var otherMerchant = api.post("/api/v1/payments", body.formatted("shop-other", "5.00", url));
    var paid = api.put("/api/v1/payments/P-ONCE/status", move);
    var repeated = api.put("/api/v1/payments/P-ONCE/status", move);

    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(different.status()).isEqualTo(409);
    assertThat(different.text("message")).contains("O-ONCE", "100.00");
    assertThat(otherMerchant.status()).as("an id is per merchant").isEqualTo(201);
    assertThat(paid.json().at("/notice/outcome").asString()).isEqualTo("QUEUED");
    assertThat(repeated.status()).isEqualTo(200);
    assertThat(repeated.json().get("notice").isNull()).isTrue();
    assertThat(repeated.json().get("version").asLong())
        .isEqualTo(paid.json().get("version").asLong());
    var read = api.get("/api/v1/payments/P-ONCE?merchantId=shop-once");
    assertThat(read.json().get("history")).hasSize(2);
    assertThat(read.json().get("notifications")).hasSize(1);
    assertThat(read.text("amount")).isEqualTo("100.00");
  }

  @Test
  void recordsAClosedWechatPaymentWithTheChannelsRefusalInItsHistory() {
    var api = new Api(port);
    api.post("/api/v1/merchants", "{\"id\":\"shop-closed\",\"name\":\"Shop\"}");
    api.put(
        "/api/v1/merchants/shop-closed/channels/WECHAT_V3",
        "{\"mchId\":\"1900000109\",\"appId\":\"wx1\",\"apiV3Key\":\"a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2\"}");
    var recorded =
        api.post(
            "/api/v1/payments",
            """
        {"paymentId":"P-CLOSED","merchantId":"shop-closed","orderNo":"O-CLOSED","channel":"WECHAT_V3",
         "amount":"1.00","currency":"CNY","notifyUrl":"%s"}"""
                .formatted(merchant.url("/closed")));

    var closed =
        api.put(
            "/api/v1/payments/P-CLOSED/status",
            "{\"merchantId\":\"shop-closed\",\"status\":\"CANCELLED\"}");

    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    assertThat(closed.json().at("/notice/outcome").asString()).isEqualTo("REFUSED");
    var read = api.get("/api/v1/payments/P-CLOSED?merchantId=shop-closed");
    assertThat(read.text("status")).isEqualTo("CANCELLED");
    assertThat(read.json().at("/history/1/refusal").asString()).contains("WeChat Pay");
    assertThat(read.json().get("notifications")).isEmpty();
  }

  @Test
  void sendsAPaymentsOwnPaidAndRefundTimesAsAlipayAndWechatPayWriteThem() throws Exception {
    var api = new Api(port);
    assertThat(api.post("/api/v1/merchants", "{\"id\":\"shop-times\",\"name\":\"Shop\"}").status())
        .isEqualTo(201);

    PaymentTimesFlow.alipay(api, merchant, "shop-times");
    PaymentTimesFlow.wechatV3(api, merchant, "shop-times");
  }

  @Test
  void judgesAWebhookByTheMerchantsAckRuleKeptInThisDatabase() {
    var api = new Api(port);
    var registered =
        api.post(
            "/api/v1/merchants",
            """
        {"id":"shop-ack","name":"Shop","ackRule":{"type":"JSON_FIELD","field":"code","value":"SUCCESS"}}""");
    var changed =
        api.patch(
            "/api/v1/merchants/shop-ack",
            "{\"ackRule\":{\"type\":\"BODY_EQUALS\",\"text\":\"ok\"}}");
    merchant.thenReply(Reply.ok("received")).alwaysReply(Reply.ok("ok"));
    var body =
        """
        {"merchantId":"shop-ack","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"1.00",
         "currency":"CNY","notifyUrl":"%s"}""";

    var refused =
        await(
            api,
            api.post("/api/v1/notifications", body.formatted("DB-ACK-1", merchant.url("/ack")))
                .text("id"),
            a -> a.json().get("attempts").asInt() >= 1 && !"DELIVERING".equals(a.text("status")));
    var accepted =
        await(
            api,
            api.post("/api/v1/notifications", body.formatted("DB-ACK-2", merchant.url("/ack")))
                .text("id"),
            a -> "SUCCEEDED".equals(a.text("status")));
    var retrying = api.get("/api/v1/notifications?merchantId=shop-ack&retrying=true");

    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(api.get("/api/v1/merchants/shop-ack").json().get("ackRule").toString())
        .isEqualTo("{\"type\":\"BODY_EQUALS\",\"text\":\"ok\"}");
    assertThat(refused.text("status")).as("answered 200 but not ok").isEqualTo("PENDING");
    var attempt = refused.json().get("history").get(0);
    assertThat(attempt.get("errorKind").asString()).isEqualTo("BAD_ACK");
    assertThat(attempt.get("response").asString()).isEqualTo("received");
    assertThat(accepted.text("status")).isEqualTo("SUCCEEDED");
    assertThat(accepted.json().get("attempts").asInt()).isOne();
    assertThat(retrying.json().get("items")).hasSize(1);
    assertThat(retrying.json().at("/items/0/id").asString()).isEqualTo(refused.text("id"));
  }

  @Test
  void sendsATestNotificationSignedWithKeysKeptInThisDatabaseAndStoresNothing() {
    var api = new Api(port);
    api.post(
        "/api/v1/merchants",
        """
        {"id":"shop-try","name":"Shop","ackRule":{"type":"JSON_FIELD","field":"code","value":"SUCCESS"}}""");
    var apiV3Key = "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2";
    var issued =
        api.put(
            "/api/v1/merchants/shop-try/channels/WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wx1\",\"apiV3Key\":\"" + apiV3Key + "\"}");
    merchant.thenReply(Reply.ok("{\"code\":\"FAIL\"}")).alwaysReply(Reply.status(204));

    var webhook =
        api.post(
            "/api/v1/merchants/shop-try/test-notification",
            "{\"channel\":\"WEBHOOK\",\"url\":\"" + merchant.url("/try") + "\"}");
    var wechat =
        api.post(
            "/api/v1/merchants/shop-try/test-notification",
            "{\"channel\":\"WECHAT_V3\",\"url\":\"" + merchant.url("/try-v3") + "\"}");

    assertThat(webhook.status()).as(webhook.body()).isEqualTo(200);
    assertThat(webhook.json().get("acknowledged").asBoolean()).isFalse();
    assertThat(webhook.text("errorKind")).isEqualTo("BAD_ACK");
    assertThat(webhook.text("reason")).contains("JSON field code is SUCCESS");
    assertThat(webhook.text("response")).isEqualTo("{\"code\":\"FAIL\"}");
    assertThat(wechat.status()).as(wechat.body()).isEqualTo(200);
    assertThat(wechat.json().get("acknowledged").asBoolean()).isTrue();
    var parser =
        new NotificationParser(
            new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(issued.text("publicKeyPem"))
                .publicKeyId(issued.text("publicKeyId"))
                .apiV3Key(apiV3Key)
                .build());
    var received = merchant.received().getLast();
    assertThat(received.path()).isEqualTo("/try-v3");
    assertThat(received.bodyText()).isEqualTo(wechat.json().at("/request/body").asString());
    var transaction = parser.parse(ChannelDeliveryTest.wechatRequest(received), Transaction.class);
    assertThat(transaction.getOutTradeNo()).startsWith("TEST-");
    assertThat(api.get("/api/v1/notifications?merchantId=shop-try").json().get("items"))
        .as("a test notification is never stored")
        .isEmpty();
  }

  private static Api.Answer await(Api api, String id, Predicate<Api.Answer> condition) {
    var deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    var answer = api.get("/api/v1/notifications/" + id);
    while (!condition.test(answer) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      answer = api.get("/api/v1/notifications/" + id);
    }
    return answer;
  }

  @Test
  void signsWithChannelCredentialsKeptEncryptedInThisDatabase() throws Exception {
    var api = new Api(port);
    api.post("/api/v1/merchants", "{\"id\":\"shop-v3\",\"name\":\"Shop\"}");
    var apiV3Key = "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2";
    var issued =
        api.put(
            "/api/v1/merchants/shop-v3/channels/WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wx1\",\"apiV3Key\":\"" + apiV3Key + "\"}");
    merchant.alwaysReply(FakeMerchant.Reply.status(204));

    var created =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"shop-v3","channel":"WECHAT_V3","orderNo":"DB-V3","transactionId":"4200000001",
         "paymentStatus":"SUCCESS","amount":"12.34","currency":"CNY","notifyUrl":"%s"}"""
                .formatted(merchant.url("/v3")));

    assertThat(issued.status()).isEqualTo(201);
    var id = created.text("id");
    var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"SUCCEEDED".equals(api.get("/api/v1/notifications/" + id).text("status"))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(api.get("/api/v1/notifications/" + id).text("status")).isEqualTo("SUCCEEDED");
    var parser =
        new NotificationParser(
            new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(issued.text("publicKeyPem"))
                .publicKeyId(issued.text("publicKeyId"))
                .apiV3Key(apiV3Key)
                .build());
    var transaction =
        parser.parse(
            ChannelDeliveryTest.wechatRequest(merchant.received().getLast()), Transaction.class);
    assertThat(transaction.getOutTradeNo()).isEqualTo("DB-V3");
    assertThat(transaction.getAmount().getTotal()).isEqualTo(1234);
  }

  @Test
  void sendsThePaymentTimeAndTheHeadersKeptInThisDatabase() throws Exception {
    var api = new Api(port);
    api.post(
        "/api/v1/merchants",
        "{\"id\":\"shop-h\",\"name\":\"Shop\",\"defaultHeaders\":{\"Authorization\":\"Bearer db-gw-secret\"}}");
    var apiV3Key = "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2";
    var issued =
        api.put(
            "/api/v1/merchants/shop-h/channels/WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wx1\",\"apiV3Key\":\"" + apiV3Key + "\"}");
    merchant.alwaysReply(FakeMerchant.Reply.status(204));

    var created =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"shop-h","channel":"WECHAT_V3","orderNo":"DB-H","transactionId":"4200000002",
         "paymentStatus":"SUCCESS","amount":"1.00","currency":"CNY","notifyUrl":"%s",
         "paidAt":"2026-11-30T02:15:30.500Z","headers":{"X-Shop-Route":"db"}}"""
                .formatted(merchant.url("/h")));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    var id = created.text("id");
    var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"SUCCEEDED".equals(api.get("/api/v1/notifications/" + id).text("status"))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    var done = api.get("/api/v1/notifications/" + id);
    assertThat(done.text("status")).isEqualTo("SUCCEEDED");
    assertThat(done.text("paidAt")).isEqualTo("2026-11-30T02:15:30.500Z");
    var attemptHeaders = done.json().get("history").get(0).get("requestHeaders");
    assertThat(attemptHeaders.get("Authorization").asString()).isEqualTo("redacted");
    assertThat(attemptHeaders.get("X-Shop-Route").asString()).isEqualTo("db");
    var received = merchant.received().getLast();
    assertThat(received.header("Authorization")).isEqualTo("Bearer db-gw-secret");
    assertThat(received.header("X-Shop-Route")).isEqualTo("db");
    var parser =
        new NotificationParser(
            new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(issued.text("publicKeyPem"))
                .publicKeyId(issued.text("publicKeyId"))
                .apiV3Key(apiV3Key)
                .build());
    var transaction = parser.parse(ChannelDeliveryTest.wechatRequest(received), Transaction.class);
    assertThat(transaction.getSuccessTime()).isEqualTo("2026-11-30T10:15:30+08:00");
  }

  @Test
  void reportsStatsWithATimeSeriesBacklogGaugesAndHealthOnThisDatabase() throws Exception {
    var api = new Api(port);
    api.post("/api/v1/merchants", "{\"id\":\"shop-stats\",\"name\":\"Shop\"}");
    var id =
        api.post(
                "/api/v1/notifications",
                """
        {"merchantId":"shop-stats","channel":"WEBHOOK","orderNo":"DB-STATS","paymentStatus":"SUCCESS",
         "amount":"1.00","currency":"CNY","notifyUrl":"%s"}"""
                    .formatted(merchant.url("/notify")))
            .text("id");
    var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"SUCCEEDED".equals(api.get("/api/v1/notifications/" + id).text("status"))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    var now = java.time.Instant.now();

    var stats =
        api.get(
            "/api/v1/stats?merchantId=shop-stats&bucket=1m&from="
                + now.minusSeconds(600)
                + "&to="
                + now.plusSeconds(60));
    var metrics = api.send(api.unauthenticated("/actuator/prometheus").GET());
    var health = api.get("/actuator/health"); // details are for admins

    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    assertThat(stats.json().at("/byStatus/SUCCEEDED").asInt()).isEqualTo(1);
    // With so few attempts p99 is the slowest one, read from its latency bin: within 1/8 of it,
    // never above.
    long max = stats.json().at("/attemptLatency/maxMs").asLong();
    assertThat(stats.json().at("/attemptLatency/p99Ms").asLong()).isBetween(max - max / 8 - 1, max);
    long created = 0;
    long attempts = 0;
    for (var point : stats.json().at("/series/points")) {
      created += point.get("created").asLong();
      attempts += point.get("attempts").asLong();
    }
    assertThat(created).isOne();
    assertThat(attempts).isOne();
    assertThat(metrics.body())
        .contains(
            "paynotify_backlog_due ",
            "paynotify_backlog_oldest_due_age_seconds ",
            "paynotify_store_calls_seconds_count{operation=\"claimDue\"");
    assertThat(health.json().at("/components/db/status").asString()).isEqualTo("UP");
    assertThat(health.json().at("/components/dispatcher/status").asString()).isEqualTo("UP");
  }
}
