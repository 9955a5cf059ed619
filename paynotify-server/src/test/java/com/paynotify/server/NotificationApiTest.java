package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WebhookSignature;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The HTTP API end to end: a real server on H2, a real local merchant, real signatures. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.policies.nightly.intervals=1h,6h,1d",
      "paynotify.policies.nightly.timeout=20s",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:api;DB_CLOSE_DELAY=-1"
    })
class NotificationApiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @LocalServerPort int port;
  private Api api;
  private final FakeMerchant merchant = FakeMerchant.start();
  private String merchantId;
  private String secret;

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    var created =
        api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}");
    assertThat(created.status()).isEqualTo(201);
    secret = created.text("webhookSecret");
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  private String body(String orderNo, String status, String amount) {
    return """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","transactionId":"TX-%s","paymentStatus":"%s",
         "amount":"%s","currency":"CNY","notifyUrl":"%s","extra":{"buyer":"张三","items":[1,2]}}"""
        .formatted(merchantId, orderNo, orderNo, status, amount, merchant.url("/notify"));
  }

  private Api.Answer awaitNotification(String id, Predicate<Api.Answer> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    var answer = api.get("/api/v1/notifications/" + id);
    while (!condition.test(answer) && System.nanoTime() < deadline) {
      sleep(50);
      answer = api.get("/api/v1/notifications/" + id);
    }
    return answer;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void deliversASignedWebhookAndShowsTheAttempt() {
    var created = api.post("/api/v1/notifications", body("O-1", "SUCCESS", "100.00"));

    assertThat(created.status()).isEqualTo(201);
    var id = created.text("id");
    var done = awaitNotification(id, a -> "SUCCEEDED".equals(a.text("status")));
    assertThat(done.text("status")).isEqualTo("SUCCEEDED");
    assertThat(done.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(done.json().get("history").get(0).get("httpStatus").asInt()).isEqualTo(200);
    assertThat(done.json().get("history").get(0).get("outcome").asString()).isEqualTo("SUCCEEDED");
    var request = merchant.received().getFirst();
    WebhookSignature.verify(
        List.of(WebhookSecret.parse(secret)),
        request.header("webhook-id"),
        request.header("webhook-timestamp"),
        request.header("webhook-signature"),
        request.body(),
        Instant.now(),
        Duration.ofMinutes(5));
    assertThat(request.header("webhook-id")).isEqualTo(id);
    assertThat(request.bodyText())
        .contains("\"amount\":\"100.00\"", "\"buyer\":\"张三\"", "\"id\":\"" + id + "\"");
  }

  @Test
  void returnsTheExistingNotificationForARepeatedRequestAndRefusesAChangedOne() {
    var first = api.post("/api/v1/notifications", body("O-2", "SUCCESS", "100.00"));

    var again = api.post("/api/v1/notifications", body("O-2", "SUCCESS", "100.0"));
    var changed = api.post("/api/v1/notifications", body("O-2", "SUCCESS", "99.00"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("id")).isEqualTo(first.text("id"));
    assertThat(changed.status()).isEqualTo(409);
    assertThat(changed.text("error")).isEqualTo("CONFLICT");
    assertThat(
            api.get("/api/v1/notifications?merchantId=" + merchantId).json().get("total").asInt())
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing merchant id     | 400 | merchantId    | null",
        "unknown merchant        | 422 | merchantId    | \"nobody\"",
        "ftp url                 | 422 | notifyUrl     | \"ftp://example.com/x\"",
        "metadata address        | 422 | notifyUrl     | \"http://169.254.169.254/latest\"",
        "private address         | 422 | notifyUrl     | \"http://10.1.2.3/notify\"",
        "mapped private address  | 422 | notifyUrl     | \"http://[::ffff:192.168.1.1]/notify\"",
        "negative amount         | 422 | amount        | \"-1.00\"",
        "malformed amount        | 422 | amount        | \"12,50\"",
        "too many decimals       | 422 | amount        | \"1.001\"",
        "unknown channel         | 422 | channel       | \"PIGEON\"",
        "unknown policy          | 422 | retryPolicy   | \"never-heard-of\"",
        "unknown status          | 422 | paymentStatus | \"MAYBE\"",
        "processing              | 422 | paymentStatus | \"PROCESSING\"",
        "refunding               | 422 | paymentStatus | \"REFUNDING\"",
        "bad currency            | 422 | currency      | \"XYZ\"",
        "extra not an object     | 422 | extra         | [1]",
        "amount not text         | 422 | amount        | true",
      })
  void refusesBadInputNamingTheFieldAndStoresNothing(
      String name, int status, String field, String value) {
    var json = (ObjectNode) JSON.readTree(body("O-BAD", "SUCCESS", "100.00"));
    if (value.equals("null")) {
      json.remove(field);
    } else {
      json.set(field, JSON.readTree(value));
    }

    var answer = api.post("/api/v1/notifications", json.toString());

    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.text("field")).isEqualTo(field);
    assertThat(answer.text("message")).startsWith(field);
    assertThat(api.get("/api/v1/notifications?orderNo=O-BAD").json().get("total").asInt()).isZero();
  }

  @Test
  void refusesAnOversizedExtraAndMalformedJson() {
    var big = "x".repeat(70 * 1024);
    var oversized =
        api.post(
            "/api/v1/notifications",
            body("O-3", "SUCCESS", "1.00").replace("\"buyer\":\"张三\"", "\"blob\":\"" + big + "\""));
    var malformed = api.post("/api/v1/notifications", "{\"merchantId\": ");

    assertThat(oversized.status()).isEqualTo(422);
    assertThat(oversized.text("field")).isEqualTo("extra");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.text("error")).isEqualTo("MALFORMED_REQUEST");
  }

  @Test
  void requiresTheBearerTokenOnEveryApiCall() {
    var none = api.send(api.unauthenticated("/api/v1/notifications").GET());
    var wrong =
        api.send(
            api.unauthenticated("/api/v1/merchants").header("Authorization", "Bearer nope").GET());
    var health = api.send(api.unauthenticated("/actuator/health").GET());

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.text("error")).isEqualTo("UNAUTHORIZED");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(health.status()).isEqualTo(200);
  }

  @Test
  void retriesAbandonsAndRetriesAgainUntilTheMerchantAcknowledges() {
    merchant.thenReply(Reply.status(500, "down"));
    var id = api.post("/api/v1/notifications", body("O-4", "SUCCESS", "5.00")).text("id");
    var failedOnce = awaitNotification(id, a -> a.json().get("attempts").asInt() == 1);
    assertThat(failedOnce.text("status")).isEqualTo("PENDING");
    assertThat(failedOnce.json().get("lastHttpStatus").asInt()).isEqualTo(500);
    assertThat(failedOnce.json().get("history").get(0).get("errorKind").asString())
        .isEqualTo("HTTP_STATUS");

    var abandoned =
        api.post("/api/v1/notifications/" + id + "/abandon", "{\"reason\":\"merchant asked\"}");
    assertThat(abandoned.status()).isEqualTo(200);
    assertThat(abandoned.text("status")).isEqualTo("ABANDONED");
    assertThat(abandoned.text("abandonReason")).isEqualTo("merchant asked");

    var retried = api.post("/api/v1/notifications/" + id + "/retry", "");
    assertThat(retried.status()).isEqualTo(200);
    var done = awaitNotification(id, a -> "SUCCEEDED".equals(a.text("status")));
    assertThat(done.json().get("attempts").asInt()).isEqualTo(2);

    assertThat(api.post("/api/v1/notifications/" + id + "/retry", "").status()).isEqualTo(409);
    assertThat(
            api.post("/api/v1/notifications/" + id + "/abandon", "{\"reason\":\"late\"}").status())
        .isEqualTo(409);
    assertThat(api.get("/api/v1/notifications/ntf_missing").status()).isEqualTo(404);
  }

  @Test
  void listsTheNotificationsThatNeedARetry() {
    merchant.alwaysReply(Reply.status(500, "down"));
    var first = api.post("/api/v1/notifications", body("R-1", "SUCCESS", "1.00")).text("id");
    var second = api.post("/api/v1/notifications", body("R-2", "SUCCESS", "1.00")).text("id");
    awaitNotification(first, a -> a.json().get("attempts").asInt() == 1);
    awaitNotification(second, a -> a.json().get("attempts").asInt() == 1);
    merchant.alwaysReply(Reply.ok("ok"));
    var delivered = api.post("/api/v1/notifications", body("R-3", "SUCCESS", "1.00")).text("id");
    awaitNotification(delivered, a -> "SUCCEEDED".equals(a.text("status")));

    var retrying = api.get("/api/v1/notifications?merchantId=" + merchantId + "&retrying=true");
    var firstPage =
        api.get("/api/v1/notifications?merchantId=" + merchantId + "&retrying=true&size=1");
    var nextPage =
        api.get(
            "/api/v1/notifications?merchantId="
                + merchantId
                + "&retrying=true&size=1&before="
                + second);
    var everything = api.get("/api/v1/notifications?merchantId=" + merchantId + "&retrying=false");
    var notAFlag = api.get("/api/v1/notifications?retrying=maybe");

    assertThat(ids(retrying)).containsExactly(second, first);
    assertThat(retrying.json().get("total").asInt()).isEqualTo(2);
    assertThat(ids(firstPage)).containsExactly(second);
    assertThat(ids(nextPage)).containsExactly(first);
    assertThat(ids(everything)).containsExactly(delivered, second, first);
    assertThat(notAFlag.status()).isEqualTo(422);
    assertThat(notAFlag.text("field")).isEqualTo("retrying");
  }

  private static List<String> ids(Api.Answer page) {
    var ids = new java.util.ArrayList<String>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
    return ids;
  }

  @Test
  void bulkRetriesByIdsAndByFilter() {
    merchant.alwaysReply(Reply.status(500));
    var a = api.post("/api/v1/notifications", body("O-5", "SUCCESS", "1.00")).text("id");
    var b = api.post("/api/v1/notifications", body("O-6", "SUCCESS", "1.00")).text("id");
    awaitNotification(a, x -> x.json().get("attempts").asInt() == 1);
    awaitNotification(b, x -> x.json().get("attempts").asInt() == 1);
    api.post("/api/v1/notifications/" + a + "/abandon", "{\"reason\":\"test\"}");
    api.post("/api/v1/notifications/" + b + "/abandon", "{\"reason\":\"test\"}");
    merchant.alwaysReply(Reply.ok("ok"));

    var byIds =
        api.post("/api/v1/notifications/retry", "{\"ids\":[\"" + a + "\",\"ntf_unknown\"]}");
    awaitNotification(a, x -> "SUCCEEDED".equals(x.text("status")));
    var byFilter =
        api.post(
            "/api/v1/notifications/retry",
            "{\"merchantId\":\"" + merchantId + "\",\"status\":\"ABANDONED\"}");
    var noFilter = api.post("/api/v1/notifications/retry", "{}");

    assertThat(byIds.json().get("count").asInt()).isEqualTo(1);
    assertThat(byFilter.json().get("count").asInt()).isEqualTo(1);
    assertThat(awaitNotification(b, x -> "SUCCEEDED".equals(x.text("status"))).text("status"))
        .isEqualTo("SUCCEEDED");
    assertThat(noFilter.status()).isEqualTo(400);
  }

  @Test
  void searchesByFiltersNewestFirstInPages() {
    for (int i = 0; i < 5; i++) {
      api.post("/api/v1/notifications", body("S-" + i, "SUCCESS", "1.00"));
    }

    var firstPage = api.get("/api/v1/notifications?merchantId=" + merchantId + "&page=0&size=2");
    var lastPage = api.get("/api/v1/notifications?merchantId=" + merchantId + "&page=2&size=2");
    var byOrder = api.get("/api/v1/notifications?merchantId=" + merchantId + "&orderNo=S-3");
    var badStatus = api.get("/api/v1/notifications?status=NOPE");

    assertThat(firstPage.json().get("total").asInt()).isEqualTo(5);
    assertThat(firstPage.json().get("items")).hasSize(2);
    assertThat(firstPage.json().get("items").get(0).get("orderNo").asString()).isEqualTo("S-4");
    assertThat(lastPage.json().get("items")).hasSize(1);
    assertThat(byOrder.json().get("items").get(0).get("orderNo").asString()).isEqualTo("S-3");
    assertThat(badStatus.status()).isEqualTo(422);
  }

  @Test
  void signsWithBothSecretsAfterARotation() {
    var rotated = api.post("/api/v1/merchants/" + merchantId + "/secret/rotate", "");
    var newSecret = rotated.text("webhookSecret");

    var id = api.post("/api/v1/notifications", body("O-7", "SUCCESS", "1.00")).text("id");
    awaitNotification(id, a -> "SUCCEEDED".equals(a.text("status")));

    var request = merchant.received().getLast();
    assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
    assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
    for (var s : List.of(secret, newSecret)) {
      WebhookSignature.verify(
          List.of(WebhookSecret.parse(s)),
          request.header("webhook-id"),
          request.header("webhook-timestamp"),
          request.header("webhook-signature"),
          request.body(),
          Instant.now(),
          Duration.ofMinutes(5));
    }
    assertThat(api.get("/api/v1/merchants/" + merchantId).body())
        .doesNotContain(newSecret.substring(6));
  }

  @Test
  void refusesNotificationsForADisabledMerchant() {
    api.patch("/api/v1/merchants/" + merchantId, "{\"status\":\"DISABLED\"}");

    var answer = api.post("/api/v1/notifications", body("O-8", "SUCCESS", "1.00"));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.text("message")).contains("disabled");
    assertThat(
            api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Again\"}")
                .status())
        .isEqualTo(409);
  }

  @Test
  void definesARetryPolicyAndUsesIt() {
    var defined =
        api.put(
            "/api/v1/retry-policies/fast",
            "{\"intervals\":[\"15s\",\"2m\",\"PT1H\"],\"timeout\":\"5s\"}");
    var builtIn = api.put("/api/v1/retry-policies/alipay", "{\"intervals\":[\"1s\"]}");
    var bad = api.put("/api/v1/retry-policies/slow", "{\"intervals\":[\"soon\"]}");
    var all = api.get("/api/v1/retry-policies");

    assertThat(defined.status()).isEqualTo(201);
    assertThat(defined.json().get("intervals").toString()).isEqualTo("[\"15s\",\"2m\",\"1h\"]");
    assertThat(defined.json().get("maxAttempts").asInt()).isEqualTo(4);
    assertThat(builtIn.status()).isEqualTo(422);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.text("field")).isEqualTo("intervals");
    assertThat(api.get("/api/v1/retry-policies/nightly").body())
        .contains("\"intervals\":[\"1h\",\"6h\",\"1d\"]", "\"timeout\":\"20s\"");
    assertThat(all.body())
        .contains(
            "\"name\":\"alipay\",\"intervals\":[\"4m\",\"10m\",\"10m\",\"1h\",\"2h\",\"6h\",\"15h\"]");
    var created =
        api.post(
            "/api/v1/notifications",
            body("O-9", "SUCCESS", "1.00")
                .replace("\"currency\"", "\"retryPolicy\":\"fast\",\"currency\""));
    assertThat(created.text("retryPolicy")).isEqualTo("fast");
    assertThat(created.json().get("maxAttempts").asInt()).isEqualTo(4);
  }

  @Test
  void reportsStatsAndExposesMetrics() {
    var id = api.post("/api/v1/notifications", body("O-10", "SUCCESS", "1.00")).text("id");
    awaitNotification(id, a -> "SUCCEEDED".equals(a.text("status")));

    var stats = api.get("/api/v1/stats?merchantId=" + merchantId);
    var metrics = api.send(api.unauthenticated("/actuator/prometheus").GET());

    assertThat(stats.json().get("byStatus").get("SUCCEEDED").asInt()).isEqualTo(1);
    assertThat(stats.json().get("successRate").asDouble()).isEqualTo(1.0);
    assertThat(stats.json().get("backlog").get("delivering").asLong()).isNotNegative();
    assertThat(stats.json().get("backlog").has("dueNow")).isTrue();
    assertThat(metrics.body())
        .contains("paynotify_attempts_seconds_count", "paynotify_backlog_due");
  }

  @Test
  void answersJsonErrorsForUnknownRoutes() {
    var answer =
        api.send(
            HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/nothing"))
                .header("Authorization", "Bearer " + Api.TOKEN)
                .GET());

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.text("error")).isEqualTo("NOT_FOUND");
  }
}
