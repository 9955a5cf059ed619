package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Tokens scoped to merchants reach only those merchants' notifications, over real HTTP on each
 * database.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data"
    })
@DirtiesContext
abstract class TokenScopeContract {
  private final FakeMerchant merchant = FakeMerchant.start();
  @LocalServerPort int port;
  private Api admin;
  private String shopA;
  private String shopB;

  @BeforeEach
  void registerTwoMerchants() {
    admin = new Api(port);
    merchant.alwaysReply(FakeMerchant.Reply.status(500));
    var suffix = UUID.randomUUID().toString().substring(0, 8);
    shopA = "scope-a-" + suffix;
    shopB = "scope-b-" + suffix;
    assertThat(
            admin.post("/api/v1/merchants", "{\"id\":\"" + shopA + "\",\"name\":\"A\"}").status())
        .isEqualTo(201);
    assertThat(
            admin.post("/api/v1/merchants", "{\"id\":\"" + shopB + "\",\"name\":\"B\"}").status())
        .isEqualTo(201);
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  @Test
  void aScopedProducerCreatesInBulkOnlyForItsMerchantsEachItemAnsweredOnItsOwn() {
    var scoped = token("producer", shopA);

    var answer =
        call(
            scoped,
            "POST",
            "/api/v1/notifications/batch",
            "[" + notification(shopA) + "," + notification(shopB) + "]");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get(0).get("status").asInt()).isEqualTo(201);
    assertThat(answer.json().get(1).get("status").asInt()).isEqualTo(403);
    assertThat(answer.json().get(1).get("error").asString()).isEqualTo("FORBIDDEN");
    assertThat(answer.json().get(1).get("field").asString()).isEqualTo("merchantId");
    assertThat(admin.get("/api/v1/notifications?merchantId=" + shopB).json().get("items"))
        .isEmpty();
    var viewer = token("viewer", null);
    assertThat(
            call(viewer, "POST", "/api/v1/notifications/batch", "[" + notification(shopA) + "]")
                .status())
        .isEqualTo(403);
  }

  @Test
  void aScopedProducerCreatesOnlyForItsMerchants() {
    var scoped = token("producer", shopA);
    var unscoped = token("producer", null);

    var forItsMerchant = call(scoped, "POST", "/api/v1/notifications", notification(shopA));
    var forAnother = call(scoped, "POST", "/api/v1/notifications", notification(shopB));
    var unscopedForAnother = call(unscoped, "POST", "/api/v1/notifications", notification(shopB));

    assertThat(forItsMerchant.status()).isEqualTo(201);
    assertThat(forAnother.status()).isEqualTo(403);
    assertThat(forAnother.text("error")).isEqualTo("FORBIDDEN");
    assertThat(forAnother.text("field")).isEqualTo("merchantId");
    assertThat(forAnother.text("message")).startsWith("merchantId: '" + shopB + "'");
    assertThat(admin.get("/api/v1/notifications?merchantId=" + shopB).json().get("items"))
        .hasSize(1);
    assertThat(unscopedForAnother.status()).isEqualTo(201);
  }

  @Test
  void aScopedOperatorReadsSearchesRetriesAndAbandonsOnlyItsMerchantsNotifications() {
    var ofA = create(shopA);
    var ofB = create(shopB);
    var operator = token("operator", shopA);

    var readOwn = call(operator, "GET", "/api/v1/notifications/" + ofA, null);
    var readOther = call(operator, "GET", "/api/v1/notifications/" + ofB, null);
    var searchAll = call(operator, "GET", "/api/v1/notifications?size=500", null);
    var searchOther = call(operator, "GET", "/api/v1/notifications?merchantId=" + shopB, null);
    var retryOther = call(operator, "POST", "/api/v1/notifications/" + ofB + "/retry", "{}");
    var abandonOther =
        call(
            operator,
            "POST",
            "/api/v1/notifications/" + ofB + "/abandon",
            "{\"reason\":\"not mine\"}");
    var callbackOther = call(operator, "GET", "/api/v1/notifications/" + ofB + "/callback", null);
    var bulkRetryByFilter =
        call(operator, "POST", "/api/v1/notifications/retry", "{\"status\":\"PENDING\"}");
    var bulkAbandon =
        call(
            operator,
            "POST",
            "/api/v1/notifications/abandon",
            "{\"ids\":[\"" + ofA + "\",\"" + ofB + "\"],\"reason\":\"cleanup\"}");

    assertThat(readOwn.status()).isEqualTo(200);
    assertThat(readOther.status()).isEqualTo(404);
    assertThat(readOther.text("message"))
        .isEqualTo("notification '" + ofB + "' not found"); // as if it did not exist
    assertThat(searchAll.json().get("items").findValuesAsString("merchantId")).containsOnly(shopA);
    assertThat(searchAll.json().get("items").findValuesAsString("id"))
        .contains(ofA)
        .doesNotContain(ofB);
    assertThat(searchOther.json().get("items")).isEmpty();
    assertThat(searchOther.json().get("total").asLong()).isZero();
    assertThat(retryOther.status()).isEqualTo(404);
    assertThat(abandonOther.status()).isEqualTo(404);
    assertThat(callbackOther.status()).isEqualTo(404);
    assertThat(bulkRetryByFilter.status()).isEqualTo(200);
    assertThat(bulkAbandon.json().get("count").asInt()).isEqualTo(1);
    assertThat(admin.get("/api/v1/notifications/" + ofA).text("status")).isEqualTo("ABANDONED");
    assertThat(admin.get("/api/v1/notifications/" + ofB).text("status")).isNotEqualTo("ABANDONED");
  }

  @Test
  void aScopedViewerSeesTheStatsAndMerchantsOfItsMerchantsOnly() {
    create(shopA);
    create(shopB);
    var one = token("viewer", shopA);
    var both = token("viewer", shopA + "\",\"" + shopB);

    var ownStats = call(one, "GET", "/api/v1/stats", null);
    var otherStats = call(one, "GET", "/api/v1/stats?merchantId=" + shopB, null);
    var unnamedWithTwo = call(both, "GET", "/api/v1/stats", null);
    var merchants = call(one, "GET", "/api/v1/merchants", null);
    var otherMerchant = call(one, "GET", "/api/v1/merchants/" + shopB, null);
    var otherChannels = call(one, "GET", "/api/v1/merchants/" + shopB + "/channels", null);

    assertThat(ownStats.status()).isEqualTo(200);
    assertThat(ownStats.json().get("total").asLong()).isEqualTo(1);
    assertThat(otherStats.status()).isEqualTo(403);
    assertThat(otherStats.text("field")).isEqualTo("merchantId");
    assertThat(unnamedWithTwo.status()).isEqualTo(422);
    assertThat(unnamedWithTwo.text("field")).isEqualTo("merchantId");
    assertThat(merchants.json().findValuesAsString("id")).containsExactly(shopA);
    assertThat(otherMerchant.status()).isEqualTo(404);
    assertThat(otherChannels.status()).isEqualTo(404);
  }

  @Test
  void aSessionOpenedWithAScopedTokenKeepsItsScope() throws Exception {
    var ofB = create(shopB);
    var scoped = token("viewer", shopA);
    var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    browser.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + scoped + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    var readOther =
        browser.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/notifications/" + ofB))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(readOther.statusCode()).isEqualTo(404);
  }

  @Test
  void issuingAScopedTokenChecksItsMerchantsAndListsThem() {
    var issued =
        admin.post(
            "/api/v1/tokens",
            "{\"name\":\"shop-a-checkout\",\"role\":\"producer\",\"merchantIds\":[\""
                + shopA
                + "\"]}");
    var empty =
        admin.post(
            "/api/v1/tokens", "{\"name\":\"none\",\"role\":\"producer\",\"merchantIds\":[]}");
    var unknown =
        admin.post(
            "/api/v1/tokens",
            "{\"name\":\"typo\",\"role\":\"producer\",\"merchantIds\":[\"no-such-shop\"]}");
    var scopedAdmin =
        admin.post(
            "/api/v1/tokens",
            "{\"name\":\"boss\",\"role\":\"admin\",\"merchantIds\":[\"" + shopA + "\"]}");
    var listed = admin.get("/api/v1/tokens");

    assertThat(issued.status()).isEqualTo(201);
    assertThat(issued.json().get("merchantIds").get(0).asString()).isEqualTo(shopA);
    for (var refused : java.util.List.of(empty, unknown, scopedAdmin)) {
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text("field")).isEqualTo("merchantIds");
    }
    assertThat(unknown.text("message")).contains("no-such-shop");
    assertThat(listed.body()).contains("\"merchantIds\":[\"" + shopA + "\"]");
    var audited = new java.util.ArrayList<String>();
    for (var entry : admin.get("/api/v1/audit?size=50").json().get("items")) {
      if (entry.get("action").asString().equals("token.create")) {
        audited.add(entry.get("detail").asString());
      }
    }
    assertThat(audited)
        .anySatisfy(
            detail ->
                assertThat(detail)
                    .contains("shop-a-checkout", "\"merchantIds\":[\"" + shopA + "\"]"));
  }

  @Test
  void aScopedProducerRecordsMovesAndSeesOnlyItsMerchantsPayments() {
    var producer = token("producer", shopA);
    var viewer = token("viewer", shopA);
    var ofB = "pay-b-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin.post("/api/v1/payments", payment(shopB, ofB)).status()).isEqualTo(201);
    var ofA = "pay-a-" + UUID.randomUUID().toString().substring(0, 8);

    var recordsForItsMerchant = call(producer, "POST", "/api/v1/payments", payment(shopA, ofA));
    var recordsForAnother = call(producer, "POST", "/api/v1/payments", payment(shopB, "pay-x"));
    var movesItsOwn =
        call(
            producer,
            "PUT",
            "/api/v1/payments/" + ofA + "/status",
            "{\"merchantId\":\"" + shopA + "\",\"status\":\"SUCCESS\"}");
    var movesAnothers =
        call(
            producer,
            "PUT",
            "/api/v1/payments/" + ofB + "/status",
            "{\"merchantId\":\"" + shopB + "\",\"status\":\"SUCCESS\"}");
    var viewerMoves =
        call(
            viewer,
            "PUT",
            "/api/v1/payments/" + ofA + "/status",
            "{\"merchantId\":\"" + shopA + "\",\"status\":\"FAILED\"}");

    assertThat(recordsForItsMerchant.status()).isEqualTo(201);
    assertThat(recordsForAnother.status()).isEqualTo(403);
    assertThat(recordsForAnother.text("field")).isEqualTo("merchantId");
    assertThat(movesItsOwn.status()).isEqualTo(200);
    assertThat(movesAnothers.status()).isEqualTo(403);
    assertThat(viewerMoves.status()).as("moving a payment is for producers").isEqualTo(403);
    assertThat(admin.get("/api/v1/payments/" + ofB + "?merchantId=" + shopB).text("status"))
        .isEqualTo("PROCESSING");
    assertThat(
            call(viewer, "GET", "/api/v1/payments/" + ofA + "?merchantId=" + shopA, null).status())
        .isEqualTo(200);
    assertThat(
            call(viewer, "GET", "/api/v1/payments/" + ofB + "?merchantId=" + shopB, null).status())
        .isEqualTo(404);
  }

  private String payment(String merchantId, String paymentId) {
    return """
        {"paymentId":"%s","merchantId":"%s","orderNo":"O-%s","channel":"WEBHOOK","amount":"1.00","currency":"CNY",
         "notifyUrl":"%s"}"""
        .formatted(paymentId, merchantId, paymentId, merchant.url("/notify"));
  }

  private String token(String role, String merchantIds) {
    var name = role + "-" + UUID.randomUUID().toString().substring(0, 6);
    var scope = merchantIds == null ? "" : ",\"merchantIds\":[\"" + merchantIds + "\"]";
    var issued =
        admin.post(
            "/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"" + scope + "}");
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    return issued.text("token");
  }

  private String notification(String merchantId) {
    return """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"1.00",
         "currency":"CNY","notifyUrl":"%s"}"""
        .formatted(merchantId, "O-" + UUID.randomUUID(), merchant.url("/notify"));
  }

  private String create(String merchantId) {
    var created = admin.post("/api/v1/notifications", notification(merchantId));
    assertThat(created.status()).isEqualTo(201);
    return created.text("id");
  }

  private Api.Answer call(String token, String method, String path, String json) {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    return admin.send(request);
  }
}
