package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Headers added to callbacks, end to end over HTTP on a real server and a real local merchant: the
 * merchant's default headers (secrets: stored sealed, never shown) and a notification's own, on
 * every attempt, in the attempt's record and in the callback preview; the names HTTP and the wire
 * formats own are refused. Also the payment and refund times a create takes.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "logging.level.com.paynotify=DEBUG",
      "spring.datasource.url=jdbc:h2:mem:headers;DB_CLOSE_DELAY=-1"
    })
@ExtendWith(OutputCaptureExtension.class)
class CallbackHeadersApiTest {
  static final String GATEWAY_SECRET = "Bearer gw-9f8e7d6c5b4a-secret";

  @LocalServerPort int port;
  Api api;
  final FakeMerchant merchant = FakeMerchant.start();
  String merchantId;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  Api.Answer registerWithGatewayHeader() {
    var created =
        api.post(
            "/api/v1/merchants",
            """
        {"id":"%s","name":"Shop","defaultHeaders":{"Authorization":"%s","X-Tenant":"default"}}"""
                .formatted(merchantId, GATEWAY_SECRET));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created;
  }

  String create(String orderNo, String status, String more) {
    var created = api.post("/api/v1/notifications", notification(orderNo, status, more));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.text("id");
  }

  String notification(String orderNo, String status, String more) {
    return """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"%s","amount":"10.00","currency":"CNY",
         "notifyUrl":"%s"%s}"""
        .formatted(merchantId, orderNo, status, merchant.url("/notify/" + orderNo), more);
  }

  Api.Answer await(String id, Predicate<Api.Answer> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    var answer = api.get("/api/v1/notifications/" + id);
    while (!condition.test(answer) && System.nanoTime() < deadline) {
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
  void everyAttemptCarriesTheMerchantsDefaultHeadersAndTheNotificationsOwnWhichWinOnTheSameName(
      CapturedOutput output) {
    registerWithGatewayHeader();
    merchant.thenReply(Reply.status(500, "busy"));
    merchant.alwaysReply(Reply.ok("ok"));

    var id =
        create(
            "H-1", "SUCCESS", ",\"headers\":{\"X-Shop-Route\":\"eu-1\",\"x-tenant\":\"shop-42\"}");
    var failed =
        await(
            id,
            a -> a.json().get("attempts").asInt() >= 1 && !"DELIVERING".equals(a.text("status")));
    var retried = api.post("/api/v1/notifications/" + id + "/retry", "");
    var done = await(id, a -> "SUCCEEDED".equals(a.text("status")));

    assertThat(failed.text("status")).isEqualTo("PENDING");
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(done.text("status")).as(done.body()).isEqualTo("SUCCEEDED");
    var received = merchant.received();
    assertThat(received)
        .hasSize(2)
        .allSatisfy(
            request -> {
              assertThat(request.header("Authorization")).isEqualTo(GATEWAY_SECRET);
              assertThat(request.header("X-Shop-Route")).isEqualTo("eu-1");
              assertThat(request.header("X-Tenant")).isEqualTo("shop-42");
              assertThat(request.header("webhook-id")).isEqualTo(id);
              assertThat(request.header("Content-Type")).startsWith("application/json");
            });
    var history = done.json().get("history");
    assertThat(history).hasSize(2);
    for (var attempt : history) {
      var headers = attempt.get("requestHeaders");
      assertThat(headers.get("Authorization").asString()).isEqualTo("redacted");
      assertThat(headers.get("X-Shop-Route").asString()).isEqualTo("eu-1");
      assertThat(headers.get("x-tenant").asString()).isEqualTo("shop-42");
      assertThat(headers.has("X-Tenant")).isFalse();
    }
    assertThat(done.json().get("headers").get("X-Shop-Route").asString()).isEqualTo("eu-1");
    assertThat(done.body()).doesNotContain("gw-9f8e7d6c5b4a");
    assertThat(output.getAll()).contains(id).doesNotContain("gw-9f8e7d6c5b4a");
  }

  @Test
  void theMerchantShowsOnlyTheNamesOfItsDefaultHeadersAndAChangeReplacesThem(
      CapturedOutput output) {
    var created = registerWithGatewayHeader();

    var shown = api.get("/api/v1/merchants/" + merchantId);
    var listed = api.get("/api/v1/merchants");
    var changed =
        api.patch(
            "/api/v1/merchants/" + merchantId,
            "{\"defaultHeaders\":{\"X-Api-Key\":\"k-0123456789-secret\"}}");
    var cleared = api.patch("/api/v1/merchants/" + merchantId, "{\"defaultHeaders\":{}}");
    var audit = api.get("/api/v1/audit?limit=20");

    assertThat(created.json().get("defaultHeaders").toString())
        .isEqualTo("[\"Authorization\",\"X-Tenant\"]");
    assertThat(shown.json().get("defaultHeaders").toString())
        .isEqualTo("[\"Authorization\",\"X-Tenant\"]");
    assertThat(changed.json().get("defaultHeaders").toString()).isEqualTo("[\"X-Api-Key\"]");
    assertThat(cleared.json().get("defaultHeaders").toString()).isEqualTo("[]");
    for (var answer : new Api.Answer[] {created, shown, listed, changed, cleared, audit}) {
      assertThat(answer.body()).doesNotContain("gw-9f8e7d6c5b4a").doesNotContain("k-0123456789");
    }
    assertThat(output.getAll()).doesNotContain("gw-9f8e7d6c5b4a").doesNotContain("k-0123456789");
  }

  @Test
  void theCallbackPreviewShowsTheHeadersWithTheMerchantsValuesRedacted() {
    registerWithGatewayHeader();
    merchant.alwaysReply(Reply.status(500));
    var id = create("H-PREVIEW", "SUCCESS", ",\"headers\":{\"X-Shop-Route\":\"eu-1\"}");

    var preview = api.get("/api/v1/notifications/" + id + "/callback");

    assertThat(preview.status()).as(preview.body()).isEqualTo(200);
    var headers = preview.json().get("headers");
    assertThat(headers.get("Authorization").asString()).isEqualTo("redacted");
    assertThat(headers.get("X-Tenant").asString()).isEqualTo("redacted");
    assertThat(headers.get("X-Shop-Route").asString()).isEqualTo("eu-1");
    assertThat(headers.get("webhook-id").asString()).isEqualTo(id);
    assertThat(preview.text("curl")).contains("X-Shop-Route: eu-1");
    assertThat(preview.body()).doesNotContain("gw-9f8e7d6c5b4a");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Host",
        "Content-Type",
        "content-length",
        "Transfer-Encoding",
        "Connection",
        "User-Agent",
        "webhook-signature",
        "Wechatpay-Serial"
      })
  void refusesAHeaderThatHttpOrAWireFormatOwnsNamingIt(String name) {
    api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}");

    var onCreate =
        api.post(
            "/api/v1/notifications",
            notification("H-RES", "SUCCESS", ",\"headers\":{\"" + name + "\":\"x\"}"));
    var onMerchant =
        api.patch(
            "/api/v1/merchants/" + merchantId, "{\"defaultHeaders\":{\"" + name + "\":\"x\"}}");

    assertThat(onCreate.status()).isEqualTo(422);
    assertThat(onCreate.text("field")).isEqualTo("headers");
    assertThat(onCreate.text("message")).contains("'" + name + "'");
    assertThat(onMerchant.status()).isEqualTo(422);
    assertThat(onMerchant.text("field")).isEqualTo("defaultHeaders");
    assertThat(onMerchant.text("message")).contains("'" + name + "'");
    assertThat(api.get("/api/v1/notifications?orderNo=H-RES").json().get("total").asInt()).isZero();
    assertThat(api.get("/api/v1/merchants/" + merchantId).json().get("defaultHeaders").toString())
        .isEqualTo("[]");
  }

  @Test
  void refusesAValueWithCrOrLfWithoutRepeatingItAndANameThatIsNotAToken() {
    api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}");

    var split =
        api.post(
            "/api/v1/notifications",
            notification(
                "H-CRLF", "SUCCESS", ",\"headers\":{\"X-A\":\"tok-secret\\r\\nX-Injected: 1\"}"));
    var merchantSplit =
        api.patch(
            "/api/v1/merchants/" + merchantId,
            "{\"defaultHeaders\":{\"Authorization\":\"Bearer tok-secret\\nX-Injected: 1\"}}");
    var badName =
        api.post(
            "/api/v1/notifications",
            notification("H-NAME", "SUCCESS", ",\"headers\":{\"X A\":\"1\"}"));

    assertThat(split.status()).isEqualTo(422);
    assertThat(split.text("field")).isEqualTo("headers");
    assertThat(split.text("message")).contains("'X-A'", "CR or LF").doesNotContain("tok-secret");
    assertThat(merchantSplit.status()).isEqualTo(422);
    assertThat(merchantSplit.text("field")).isEqualTo("defaultHeaders");
    assertThat(merchantSplit.body()).doesNotContain("tok-secret");
    assertThat(badName.status()).isEqualTo(422);
    assertThat(badName.text("message")).contains("not a header name");
  }

  @Test
  void refusesMoreThanTenHeaders() {
    api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}");
    var headers = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      headers.append(i == 0 ? "" : ",").append("\"X-H").append(i).append("\":\"v\"");
    }

    var answer =
        api.post(
            "/api/v1/notifications",
            notification("H-MANY", "SUCCESS", ",\"headers\":{" + headers + "}"));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.text("message")).isEqualTo("headers: at most 10 headers, got 11");
  }

  @Test
  void keepsThePaymentAndRefundTimesGivenWithAnOffsetAsUtc() {
    api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}");

    var paid =
        api.post(
            "/api/v1/notifications",
            notification("T-PAID", "SUCCESS", ",\"paidAt\":\"2026-11-30T10:15:30+08:00\""));
    var refunded =
        api.post(
            "/api/v1/notifications",
            notification(
                "T-REFUND",
                "REFUNDED",
                ",\"paidAt\":\"2026-11-30T10:15:30+08:00\",\"refundedAt\":\"2026-12-01T01:00:00Z\""));
    var unsaid = api.post("/api/v1/notifications", notification("T-UNSAID", "SUCCESS", ""));

    assertThat(paid.status()).as(paid.body()).isEqualTo(201);
    assertThat(paid.text("paidAt")).isEqualTo("2026-11-30T02:15:30Z");
    assertThat(paid.text("refundedAt")).isNull();
    assertThat(refunded.text("paidAt")).isEqualTo("2026-11-30T02:15:30Z");
    assertThat(refunded.text("refundedAt")).isEqualTo("2026-12-01T01:00:00Z");
    assertThat(unsaid.text("paidAt")).isEqualTo(unsaid.text("createdAt"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SUCCESS|paidAt|2026-11-30T10:15:30|has no offset",
        "SUCCESS|paidAt|30/11/2026|is not an ISO-8601 time",
        "SUCCESS|refundedAt|2026-11-30T10:15:30+08:00|only a REFUNDED event",
        "FAILED|paidAt|2026-11-30T10:15:30+08:00|was not paid",
        "REFUNDED|refundedAt|2026-11-29T10:15:30+08:00|must not be before paidAt",
        "SUCCESS|paidAt|2999-01-01T00:00:00Z|in the future",
      })
  void refusesATimeWithoutAnOffsetOrThatDoesNotFitTheStatusNamingTheField(String aCase) {
    var parts = aCase.split("\\|");
    api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}");
    var more =
        parts[1].equals("refundedAt") && parts[0].equals("REFUNDED")
            ? ",\"paidAt\":\"2026-11-30T10:15:30+08:00\",\"refundedAt\":\"" + parts[2] + "\""
            : ",\"" + parts[1] + "\":\"" + parts[2] + "\"";

    var answer = api.post("/api/v1/notifications", notification("T-BAD", parts[0], more));

    assertThat(answer.status()).as(answer.body()).isEqualTo(422);
    assertThat(answer.text("field")).isEqualTo(parts[1]);
    assertThat(answer.text("message")).contains(parts[3]);
  }

  @Test
  void theBatchCreateTakesTimesAndHeadersAsTheSingleCreateDoes() {
    api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}");

    var answer =
        api.post(
            "/api/v1/notifications/batch",
            "["
                + notification(
                    "B-1",
                    "SUCCESS",
                    ",\"paidAt\":\"2026-11-30T10:15:30+08:00\",\"headers\":{\"X-Route\":\"b\"}")
                + ","
                + notification("B-2", "SUCCESS", ",\"headers\":{\"Host\":\"evil.example\"}")
                + "]");

    assertThat(answer.status()).as(answer.body()).isIn(200, 207);
    var stored = api.get("/api/v1/notifications?orderNo=B-1").json().get("items").get(0);
    assertThat(stored.get("paidAt").asString()).isEqualTo("2026-11-30T02:15:30Z");
    assertThat(stored.get("headers").get("X-Route").asString()).isEqualTo("b");
    assertThat(answer.body()).contains("'Host'");
  }
}
