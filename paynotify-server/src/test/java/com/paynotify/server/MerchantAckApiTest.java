package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A merchant's acknowledgement rule set and shown through the merchant API and applied to its
 * WEBHOOK callbacks, and the test notification that shows how the merchant answers, over real HTTP
 * to a local merchant.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:acks;DB_CLOSE_DELAY=-1"
    })
class MerchantAckApiTest {
  @LocalServerPort int port;
  Api api;
  final FakeMerchant merchant = FakeMerchant.start();
  String merchantId;

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  private Api.Answer setRule(String json) {
    return api.patch("/api/v1/merchants/" + merchantId, "{\"ackRule\":" + json + "}");
  }

  private Api.Answer testNotification(String token, String json) {
    return api.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/api/v1/merchants/"
                        + merchantId
                        + "/test-notification"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private String token(String role) {
    var issued =
        api.post(
            "/api/v1/tokens",
            "{\"name\":\""
                + role
                + "-"
                + UUID.randomUUID().toString().substring(0, 6)
                + "\",\"role\":\""
                + role
                + "\"}");
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    return issued.text("token");
  }

  @Test
  void aNewMerchantAcknowledgesByAnyTwoXxAndAChangedRuleIsShownBack() {
    var fresh = api.get("/api/v1/merchants/" + merchantId);

    var changed = setRule("{\"type\":\"JSON_FIELD\",\"field\":\"code\",\"value\":\"SUCCESS\"}");
    var read = api.get("/api/v1/merchants/" + merchantId);

    assertThat(fresh.json().get("ackRule").toString()).isEqualTo("{\"type\":\"ANY_2XX\"}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(read.json().get("ackRule").toString())
        .isEqualTo("{\"type\":\"JSON_FIELD\",\"field\":\"code\",\"value\":\"SUCCESS\"}");
  }

  @Test
  void aMerchantRegisteredWithABodyRuleKeepsIt() {
    var id = merchantId + "-b";
    var created =
        api.post(
            "/api/v1/merchants",
            "{\"id\":\""
                + id
                + "\",\"name\":\"Shop\",\"ackRule\":{\"type\":\"BODY_EQUALS\",\"text\":\"success\"}}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(api.get("/api/v1/merchants/" + id).json().get("ackRule").toString())
        .isEqualTo("{\"type\":\"BODY_EQUALS\",\"text\":\"success\"}");
  }

  @Test
  void aBadRuleIsRefusedNamingItsFieldAndNothingChanges() {
    setRule("{\"type\":\"BODY_EQUALS\",\"text\":\"success\"}");

    var unknownType = setRule("{\"type\":\"REGEX\",\"text\":\"ok\"}");
    var noText = setRule("{\"type\":\"BODY_EQUALS\"}");
    var stray = setRule("{\"type\":\"BODY_EQUALS\",\"text\":\"ok\",\"field\":\"code\"}");
    var tooLong =
        setRule(
            "{\"type\":\"JSON_FIELD\",\"field\":\"code\",\"value\":\"" + "x".repeat(101) + "\"}");
    var unknownField = setRule("{\"type\":\"BODY_EQUALS\",\"body\":\"ok\"}");
    var withName =
        api.patch(
            "/api/v1/merchants/" + merchantId,
            "{\"name\":\"Renamed\",\"ackRule\":{\"type\":\"JSON_FIELD\"}}");

    assertThat(unknownType.status()).isEqualTo(422);
    assertThat(unknownType.text("field")).isEqualTo("ackRule.type");
    assertThat(noText.status()).isEqualTo(400);
    assertThat(noText.text("error")).isEqualTo("MISSING_FIELD");
    assertThat(noText.text("field")).isEqualTo("ackRule.text");
    assertThat(stray.text("field")).isEqualTo("ackRule.field");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.text("field")).isEqualTo("ackRule.value");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.text("error")).isEqualTo("UNKNOWN_FIELD");
    assertThat(withName.status()).isEqualTo(400);
    var unchanged = api.get("/api/v1/merchants/" + merchantId);
    assertThat(unchanged.text("name")).isEqualTo("Shop");
    assertThat(unchanged.json().get("ackRule").toString())
        .isEqualTo("{\"type\":\"BODY_EQUALS\",\"text\":\"success\"}");
  }

  @Test
  void aWebhookAnsweredOtherwiseThanTheMerchantsRuleIsAFailedAttempt() {
    setRule("{\"type\":\"BODY_EQUALS\",\"text\":\"ok\"}");
    merchant.alwaysReply(Reply.ok("received"));
    var created =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"ACK-1","paymentStatus":"SUCCESS","amount":"1.00",
         "currency":"CNY","notifyUrl":"%s"}"""
                .formatted(merchantId, merchant.url("/notify")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);

    var answer = await(created.text("id"));

    var attempt = answer.json().get("history").get(0);
    assertThat(attempt.get("errorKind").asString()).isEqualTo("BAD_ACK");
    assertThat(attempt.get("response").asString()).isEqualTo("received");
    assertThat(answer.text("status")).isEqualTo("PENDING");
  }

  private Api.Answer await(String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    var answer = api.get("/api/v1/notifications/" + id);
    while (answer.json().get("attempts").asInt() < 1 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      answer = api.get("/api/v1/notifications/" + id);
    }
    return answer;
  }

  @Test
  void aTestNotificationShowsWhatWasSentAndHowTheMerchantAnswered() {
    setRule("{\"type\":\"BODY_EQUALS\",\"text\":\"success\"}");
    merchant.alwaysReply(Reply.ok("success"));

    var result =
        api.post(
            "/api/v1/merchants/" + merchantId + "/test-notification",
            "{\"channel\":\"WEBHOOK\",\"url\":\"" + merchant.url("/hook") + "\"}");

    assertThat(result.status()).as(result.body()).isEqualTo(200);
    assertThat(result.json().get("acknowledged").asBoolean()).isTrue();
    assertThat(result.json().get("httpStatus").asInt()).isEqualTo(200);
    assertThat(result.text("response")).isEqualTo("success");
    assertThat(result.json().get("durationMs").asLong()).isNotNegative();
    var request = result.json().get("request");
    assertThat(request.get("url").asString()).isEqualTo(merchant.url("/hook"));
    assertThat(request.get("headers").get("webhook-signature").asString()).startsWith("v1,");
    var received = merchant.received().getFirst();
    assertThat(received.bodyText())
        .isEqualTo(request.get("body").asString())
        .contains("\"orderNo\":\"TEST-");
    assertThat(api.get("/api/v1/notifications?merchantId=" + merchantId).json().get("items"))
        .isEmpty();
  }

  @Test
  void aTestNotificationTheMerchantRejectsSaysWhy() {
    merchant.alwaysReply(Reply.status(500, "x".repeat(5000)));

    var result =
        api.post(
            "/api/v1/merchants/" + merchantId + "/test-notification",
            "{\"channel\":\"WEBHOOK\",\"url\":\"" + merchant.url("/hook") + "\"}");

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json().get("acknowledged").asBoolean()).isFalse();
    assertThat(result.text("errorKind")).isEqualTo("HTTP_STATUS");
    assertThat(result.text("reason")).isEqualTo("HTTP 500");
    assertThat(result.text("response")).as("the body is read bounded").hasSize(2048);
  }

  @Test
  void aTestNotificationToAUrlOffTheMerchantsHostsOrWithABadChannelIsRefusedNamingTheField() {
    api.patch("/api/v1/merchants/" + merchantId, "{\"callbackHosts\":[\"pay.shop.example\"]}");

    var offHost =
        api.post(
            "/api/v1/merchants/" + merchantId + "/test-notification",
            "{\"channel\":\"WEBHOOK\",\"url\":\"" + merchant.url("/hook") + "\"}");
    var badChannel =
        api.post(
            "/api/v1/merchants/" + merchantId + "/test-notification",
            "{\"channel\":\"PAYPAL\",\"url\":\"https://pay.shop.example/hook\"}");
    var noKeys =
        api.post(
            "/api/v1/merchants/" + merchantId + "/test-notification",
            "{\"channel\":\"ALIPAY\",\"url\":\"https://pay.shop.example/hook\"}");
    var noUrl =
        api.post(
            "/api/v1/merchants/" + merchantId + "/test-notification", "{\"channel\":\"WEBHOOK\"}");
    var unknownMerchant =
        api.post(
            "/api/v1/merchants/nobody/test-notification",
            "{\"channel\":\"WEBHOOK\",\"url\":\"https://pay.shop.example/hook\"}");

    assertThat(offHost.status()).isEqualTo(422);
    assertThat(offHost.text("field")).isEqualTo("url");
    assertThat(badChannel.text("field")).isEqualTo("channel");
    assertThat(noKeys.status()).isEqualTo(422);
    assertThat(noKeys.text("field")).isEqualTo("channel");
    assertThat(noUrl.text("field")).isEqualTo("url");
    assertThat(unknownMerchant.status()).isEqualTo(404);
    assertThat(merchant.received()).isEmpty();
  }

  @Test
  void onlyAdminsAndOperatorsMaySendATestNotification() {
    var body = "{\"channel\":\"WEBHOOK\",\"url\":\"" + merchant.url("/hook") + "\"}";

    var operator = testNotification(token("operator"), body);
    var viewer = testNotification(token("viewer"), body);
    var producer = testNotification(token("producer"), body);
    var anonymous =
        api.send(
            api.unauthenticated("/api/v1/merchants/" + merchantId + "/test-notification")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

    assertThat(operator.status()).isEqualTo(200);
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(producer.status()).isEqualTo(403);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(merchant.received()).hasSize(1);
  }
}
