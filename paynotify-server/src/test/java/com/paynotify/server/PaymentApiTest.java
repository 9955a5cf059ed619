package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Payments over HTTP on H2: recorded, moved along their state machine by JSON and by forms, each
 * notified move delivered to a real local merchant in order.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.policies.quick.intervals=1s,1s,1s",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:payments;DB_CLOSE_DELAY=-1"
    })
class PaymentApiTest {
  @LocalServerPort int port;
  private final FakeMerchant merchant = FakeMerchant.start();
  private Api api;
  private String merchantId;

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "pm-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  @Test
  void theFlowFromProcessingToRefundedNotifiesEachNotifiedMoveInOrder() {
    PaymentFlow.run(api, merchant, merchantId);
  }

  @Test
  void anIllegalMoveIsRefusedWith409NamingTheCurrentAndTheAskedStatus() {
    var paymentId = record("PROCESSING");
    assertThat(move(paymentId, "{\"merchantId\":\"%s\",\"status\":\"FAILED\"}").status())
        .isEqualTo(200);

    var illegal = move(paymentId, "{\"merchantId\":\"%s\",\"status\":\"SUCCESS\"}");
    var refundOfProcessing =
        move(record("PROCESSING"), "{\"merchantId\":\"%s\",\"status\":\"REFUNDED\"}");

    assertThat(illegal.status()).isEqualTo(409);
    assertThat(illegal.text("error")).isEqualTo("CONFLICT");
    assertThat(illegal.text("message")).contains("is FAILED", "cannot move to SUCCESS");
    assertThat(refundOfProcessing.status()).isEqualTo(409);
    assertThat(refundOfProcessing.text("message"))
        .contains("is PROCESSING", "cannot move to REFUNDED");
    assertThat(history(paymentId)).as("nothing written by the refused move").isEqualTo(2);
  }

  @Test
  void repeatingTheCurrentStatusIsAnIdempotent200ThatNotifiesNoMore() {
    var paymentId = record("PROCESSING");

    var first = move(paymentId, "{\"merchantId\":\"%s\",\"status\":\"SUCCESS\"}");
    var again = move(paymentId, "{\"merchantId\":\"%s\",\"status\":\"SUCCESS\"}");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().at("/notice/outcome").asString()).isEqualTo("QUEUED");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("notice").isNull()).isTrue();
    assertThat(again.json().get("version").asLong())
        .isEqualTo(first.json().get("version").asLong());
    var notifications = api.get("/api/v1/notifications?paymentId=" + paymentId);
    assertThat(notifications.json().get("items")).hasSize(1);
    assertThat(history(paymentId)).isEqualTo(2);
  }

  @Test
  void aPaymentAndItsUpdatesAreAlsoTakenAsFormsWithTheSameFieldNames() {
    var paymentId = "form-" + UUID.randomUUID().toString().substring(0, 8);
    var recorded =
        api.form(
            "POST",
            "/api/v1/payments",
            "paymentId="
                + paymentId
                + "&merchantId="
                + merchantId
                + "&orderNo=F-"
                + paymentId
                + "&channel=WEBHOOK&amount=88.80&currency=CNY&notifyUrl="
                + encode(merchant.url("/notify"))
                + "&extra="
                + encode("{\"buyer\":\"张三\"}")
                + "&headers="
                + encode("{\"X-Shop\":\"one\"}"));

    var moved =
        api.form(
            "PUT",
            "/api/v1/payments/" + paymentId + "/status",
            "merchantId="
                + merchantId
                + "&status=SUCCESS&transactionId=TX-F1&paidAt="
                + encode("2026-01-01T08:00:00+08:00")
                + "&reason="
                + encode("paid at the till"));

    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(recorded.text("status")).isEqualTo("PROCESSING");
    assertThat(recorded.json().at("/extra/buyer").asString()).isEqualTo("张三");
    assertThat(recorded.json().get("headerNames").get(0).asString()).isEqualTo("X-Shop");
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(moved.text("status")).isEqualTo("SUCCESS");
    assertThat(moved.text("transactionId")).isEqualTo("TX-F1");
    assertThat(moved.text("paidAt")).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(moved.json().at("/history/0/reason").asString()).isEqualTo("paid at the till");
    var delivered = merchant.awaitRequests(1, Duration.ofSeconds(10));
    assertThat(delivered.getFirst().bodyText()).contains("TX-F1", "SUCCESS");
  }

  @Test
  void aFormIsRefusedForTheSameReasonsInTheSameWordsAsJson() {
    var paymentId = record("PROCESSING");
    var path = "/api/v1/payments/" + paymentId + "/status";

    var unknown = api.form("PUT", path, "merchantId=" + merchantId + "&status=SUCCESS&colour=red");
    var badStatus = api.form("PUT", path, "merchantId=" + merchantId + "&status=PAID");
    var jsonBadStatus = move(paymentId, "{\"merchantId\":\"%s\",\"status\":\"PAID\"}");
    var twice = api.form("PUT", path, "merchantId=" + merchantId + "&status=SUCCESS&status=FAILED");
    var badAmount =
        api.form(
            "POST",
            "/api/v1/payments",
            "paymentId=x&merchantId="
                + merchantId
                + "&orderNo=O&channel=WEBHOOK&amount=lots&currency=CNY&notifyUrl="
                + encode(merchant.url("/n")));
    var notificationForm = api.form("POST", "/api/v1/notifications", "merchantId=" + merchantId);
    var brokenEscape = api.form("PUT", path, "merchantId=%ff%fe&status=SUCCESS");
    var tooLarge =
        api.form(
            "PUT",
            path,
            "merchantId=" + merchantId + "&status=SUCCESS&reason=" + "a".repeat(1_100_000));

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.text("error")).isEqualTo("UNKNOWN_FIELD");
    assertThat(unknown.text("field")).isEqualTo("colour");
    assertThat(badStatus.status()).isEqualTo(422);
    assertThat(badStatus.text("field")).isEqualTo("status");
    assertThat(badStatus.text("message")).isEqualTo(jsonBadStatus.text("message"));
    assertThat(twice.status()).isEqualTo(422);
    assertThat(twice.text("field")).isEqualTo("status");
    assertThat(badAmount.status()).isEqualTo(422);
    assertThat(badAmount.text("field")).isEqualTo("amount");
    assertThat(notificationForm.status())
        .as("forms are for the payment writes only")
        .isEqualTo(415);
    assertThat(brokenEscape.status()).isEqualTo(400);
    assertThat(brokenEscape.text("error")).isEqualTo("INVALID_PARAMETER");
    assertThat(brokenEscape.text("field")).isEqualTo("merchantId");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.text("error")).isEqualTo("BODY_TOO_LARGE");
    assertThat(history(paymentId)).as("no refused form moved the payment").isEqualTo(1);
  }

  @Test
  void aBadPaymentIsRefusedNamingItsField() {
    var missingId = api.post("/api/v1/payments", paymentBody("", "PROCESSING", merchant.url("/n")));
    var refundStatus =
        api.post(
            "/api/v1/payments",
            paymentBody("p-" + UUID.randomUUID(), "REFUNDED", merchant.url("/n")));
    var badUrl =
        api.post(
            "/api/v1/payments",
            paymentBody("p-" + UUID.randomUUID(), "PROCESSING", "ftp://shop.example/n"));
    var unknown = api.post("/api/v1/payments", "{\"paymentId\":\"x\",\"colour\":\"red\"}");
    var paymentId = record("SUCCESS");
    var tooMuch =
        move(
            paymentId,
            "{\"merchantId\":\"%s\",\"status\":\"REFUNDING\",\"refundAmount\":\"100.01\"}");
    var badTime =
        move(
            paymentId,
            "{\"merchantId\":\"%s\",\"status\":\"REFUNDING\",\"refundedAt\":\"yesterday\"}");

    assertThat(missingId.status()).as(missingId.body()).isEqualTo(400);
    assertThat(missingId.text("error")).isEqualTo("MISSING_FIELD");
    assertThat(missingId.text("field")).isEqualTo("paymentId");
    assertThat(refundStatus.text("field")).isEqualTo("status");
    assertThat(badUrl.text("field")).isEqualTo("notifyUrl");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.text("error")).isEqualTo("UNKNOWN_FIELD");
    assertThat(tooMuch.status()).isEqualTo(422);
    assertThat(tooMuch.text("field")).isEqualTo("refundAmount");
    assertThat(badTime.text("field")).isEqualTo("refundedAt");
    assertThat(api.get("/api/v1/payments/nope?merchantId=" + merchantId).status()).isEqualTo(404);
  }

  @Test
  void aPaymentsHeadersAreCheckedAsANotificationsAndARefusedOneIsNamed() {
    var given =
        new java.util.ArrayList<>(
            List.of(
                "{\"Host\":\"shop.example\"}",
                "{\"Content-Type\":\"text/plain\"}",
                "{\"transfer-encoding\":\"chunked\"}",
                "{\"Webhook-Signature\":\"v1,forged\"}",
                "{\"Wechatpay-Serial\":\"PUB_KEY_ID_1\"}",
                "{\"X Shop\":\"one\"}",
                "{\"X-Shop\":\"one\\r\\nX-Injected: two\"}"));
    var eleven = new StringBuilder("{");
    for (int i = 0; i < 11; i++) {
      eleven.append(i == 0 ? "" : ",").append("\"X-H").append(i).append("\":\"v\"");
    }
    given.add(eleven.append("}").toString());

    for (var headers : given) {
      var paymentId = "h-" + UUID.randomUUID().toString().substring(0, 8);
      var payment =
          api.post(
              "/api/v1/payments",
              paymentBody(paymentId, "PROCESSING", merchant.url("/n"))
                  .replace("\"status\"", "\"headers\":" + headers + ",\"status\""));
      var notification =
          api.post(
              "/api/v1/notifications",
              """
          {"merchantId":"%s","channel":"WEBHOOK","orderNo":"H-%s","paymentStatus":"SUCCESS","amount":"1.00",
           "currency":"CNY","notifyUrl":"%s","headers":%s}"""
                  .formatted(merchantId, paymentId, merchant.url("/n"), headers));

      assertThat(payment.status()).as(headers + " " + payment.body()).isEqualTo(422);
      assertThat(payment.text("field")).isEqualTo("headers");
      assertThat(payment.text("message"))
          .as("in a notification's words")
          .isEqualTo(notification.text("message"));
      assertThat(payment.text("message"))
          .contains(headers.startsWith("{\"X-H0") ? "at most 10" : headers.split("\"")[1]);
      assertThat(api.get("/api/v1/payments/" + paymentId + "?merchantId=" + merchantId).status())
          .isEqualTo(404);
    }
    var reservedInAForm =
        api.form(
            "POST",
            "/api/v1/payments",
            "paymentId=h-form&merchantId="
                + merchantId
                + "&orderNo=HF&channel=WEBHOOK&amount=1.00&currency=CNY&notifyUrl="
                + encode(merchant.url("/n"))
                + "&headers="
                + encode("{\"Content-Length\":\"5\"}"));
    assertThat(reservedInAForm.status()).isEqualTo(422);
    assertThat(reservedInAForm.text("field")).isEqualTo("headers");
    assertThat(reservedInAForm.text("message")).contains("Content-Length");
    assertThat(merchant.received()).isEmpty();
  }

  @Test
  void aPaymentIdIsPerMerchantAndRecordingTheSamePaymentAgainIsIdempotent() {
    var paymentId = "same-" + UUID.randomUUID().toString().substring(0, 8);
    var body = paymentBody(paymentId, "PROCESSING", merchant.url("/n"));

    var first = api.post("/api/v1/payments", body);
    var again = api.post("/api/v1/payments", body);
    var different =
        api.post("/api/v1/payments", body.replace("\"amount\":\"100.00\"", "\"amount\":\"5.00\""));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(different.status()).isEqualTo(409);
  }

  @Test
  void aClosedWeChatPaymentIsRecordedButItsNotificationIsRefusedByTheChannelsRule() {
    var issued =
        api.put(
            "/api/v1/merchants/" + merchantId + "/channels/WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wx1\",\"apiV3Key\":\"a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2\"}");
    assertThat(issued.status()).isEqualTo(201);
    var paymentId = "wx-" + UUID.randomUUID().toString().substring(0, 8);
    var body =
        paymentBody(paymentId, "PROCESSING", merchant.url("/v3")).replace("WEBHOOK", "WECHAT_V3");
    assertThat(api.post("/api/v1/payments", body).status()).isEqualTo(201);

    var closed = move(paymentId, "{\"merchantId\":\"%s\",\"status\":\"CANCELLED\"}");

    assertThat(closed.status()).isEqualTo(200);
    assertThat(closed.text("status")).isEqualTo("CANCELLED");
    assertThat(closed.json().at("/notice/outcome").asString()).isEqualTo("REFUSED");
    assertThat(closed.json().at("/notice/reason").asString())
        .contains("WeChat Pay sends no notification");
    var read = api.get("/api/v1/payments/" + paymentId + "?merchantId=" + merchantId);
    assertThat(read.json().at("/history/1/refusal").asString()).contains("WeChat Pay");
    assertThat(read.json().get("notifications")).isEmpty();
  }

  @Test
  void givenAPartialRefundPutTwiceUnderOneIdempotencyKeyThenItRefundsOnceAndShowsTheKey() {
    var paymentId = record("SUCCESS");
    assertThat(move(paymentId, "{\"merchantId\":\"%s\",\"status\":\"REFUNDING\"}").status())
        .isEqualTo(200);
    var refund = "{\"merchantId\":\"%s\",\"status\":\"REFUNDED\",\"refundAmount\":\"30.00\"}";

    var first = keyedMove(paymentId, refund, "refund-1");
    var again = keyedMove(paymentId, refund, "\"refund-1\"");
    var asForm =
        api.send(
            api.unauthenticated("/api/v1/payments/" + paymentId + "/status")
                .header("Authorization", "Bearer " + Api.TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", "refund-1")
                .method(
                    "PUT",
                    HttpRequest.BodyPublishers.ofString(
                        "merchantId=" + merchantId + "&status=REFUNDED&refundAmount=30")));

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().get("refundedAmount").asString()).isEqualTo("30.00");
    assertThat(again.status()).as("a quoted key is the same key").isEqualTo(200);
    assertThat(again.json().get("refundedAmount").asString()).isEqualTo("30.00");
    assertThat(again.json().get("notice").isNull()).isTrue();
    assertThat(asForm.status()).as(asForm.body()).isEqualTo(200);
    assertThat(asForm.json().get("refundedAmount").asString()).isEqualTo("30.00");
    var read = api.get("/api/v1/payments/" + paymentId + "?merchantId=" + merchantId);
    assertThat(read.json().get("refundedAmount").asString()).isEqualTo("30.00");
    assertThat(read.json().get("history")).hasSize(3);
    assertThat(read.json().at("/history/2/idempotencyKey").asString()).isEqualTo("refund-1");
    assertThat(read.json().at("/history/1/idempotencyKey").isNull()).isTrue();
    assertThat(api.get("/api/v1/notifications?paymentId=" + paymentId).json().get("items"))
        .as("SUCCESS and one refund notified")
        .hasSize(2);
  }

  @Test
  void givenTheSamePartialRefundUnderAnotherKeyThenItRefundsAgainAndAnotherMoveUnderAKeyIs409() {
    var paymentId = record("SUCCESS");
    move(paymentId, "{\"merchantId\":\"%s\",\"status\":\"REFUNDING\"}");
    var refund = "{\"merchantId\":\"%s\",\"status\":\"REFUNDED\",\"refundAmount\":\"30.00\"}";

    keyedMove(paymentId, refund, "refund-1");
    var second = keyedMove(paymentId, refund, "refund-2");
    var reused =
        keyedMove(
            paymentId,
            "{\"merchantId\":\"%s\",\"status\":\"REFUNDED\",\"refundAmount\":\"10.00\"}",
            "refund-1");
    var tooLong = keyedMove(paymentId, refund, "k".repeat(129));
    var empty = keyedMove(paymentId, refund, "\"\"");

    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("refundedAmount").asString()).isEqualTo("60.00");
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.text("message")).contains("idempotencyKey 'refund-1'", "another move");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.text("field")).isEqualTo("idempotencyKey");
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.text("field")).isEqualTo("Idempotency-Key");
    assertThat(history(paymentId)).isEqualTo(4);
  }

  private Api.Answer keyedMove(String paymentId, String body, String key) {
    return api.send(
        api.request("/api/v1/payments/" + paymentId + "/status", "PUT", body.formatted(merchantId))
            .header("Idempotency-Key", key));
  }

  private String record(String status) {
    var paymentId = "p-" + UUID.randomUUID().toString().substring(0, 8);
    var recorded =
        api.post("/api/v1/payments", paymentBody(paymentId, status, merchant.url("/notify")));
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    return paymentId;
  }

  private String paymentBody(String paymentId, String status, String notifyUrl) {
    return """
        {"paymentId":"%s","merchantId":"%s","orderNo":"O-%s","channel":"WEBHOOK","amount":"100.00","currency":"CNY",
         "notifyUrl":"%s","status":"%s"}"""
        .formatted(paymentId, merchantId, paymentId, notifyUrl, status);
  }

  private Api.Answer move(String paymentId, String body) {
    return api.put("/api/v1/payments/" + paymentId + "/status", body.formatted(merchantId));
  }

  private int history(String paymentId) {
    return api.get("/api/v1/payments/" + paymentId + "?merchantId=" + merchantId)
        .json()
        .get("history")
        .size();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
