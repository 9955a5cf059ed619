package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies bound strictly into records, every error as RFC 9457 problem details that keep the
 * old {@code error}, {@code message} and {@code field}, and the {@code Idempotency-Key} header,
 * over real HTTP.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.enabled=false",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:problems;DB_CLOSE_DELAY=-1"
    })
class ProblemDetailsApiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String TYPES =
      "https://github.com/paynotify/paynotify/blob/main/docs/errors.md#";
  private final HttpClient http = HttpClient.newHttpClient();
  @LocalServerPort int port;
  private Api api;
  private String merchantId;

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
                .status())
        .isEqualTo(201);
  }

  /** An answer with its content type. */
  record Reply(int status, String contentType, JsonNode json) {
    String text(String member) {
      var node = json.get(member);
      return node == null || node.isNull() ? null : node.asString();
    }
  }

  private String create(String orderNo, String amount, String more) {
    return """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":%s,
         "currency":"CNY","notifyUrl":"https://93.184.215.14/notify"%s}"""
        .formatted(merchantId, orderNo, amount, more);
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + Api.TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      var body = response.body();
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          body.startsWith("{") ? JSON.readTree(body) : JSON.createObjectNode());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void assertProblem(Reply reply, int status, String error) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().get("status").asInt()).isEqualTo(status);
    assertThat(reply.text("type"))
        .isEqualTo(TYPES + error.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    assertThat(reply.text("title")).isNotBlank();
    assertThat(reply.text("error")).isEqualTo(error);
    assertThat(reply.text("detail")).isNotBlank().isEqualTo(reply.text("message"));
  }

  private long stored(String orderNo) {
    return api.get("/api/v1/notifications?orderNo=" + orderNo).json().get("total").asLong();
  }

  @Test
  void aMisspeltFieldIsA400NamingItAndNothingIsStored() {
    var body = create("O-TYPO", "\"99.00\"", ",\"retryPolicyy\":\"alipay\",\"amout\":\"99\"");

    var reply = send(post("/api/v1/notifications", body));

    assertProblem(reply, 400, "UNKNOWN_FIELD");
    assertThat(reply.text("field")).isEqualTo("retryPolicyy");
    assertThat(reply.text("detail"))
        .startsWith("retryPolicyy: unknown field; expected one of [")
        .contains("retryPolicy", "amount");
    assertThat(stored("O-TYPO")).isZero();
  }

  @Test
  void anUnknownFieldOfTheOtherNotificationBodiesIsRefusedToo() {
    var abandon =
        send(post("/api/v1/notifications/ntf_none/abandon", "{\"reason\":\"x\",\"reasn\":\"y\"}"));
    var bulk = send(post("/api/v1/notifications/retry", "{\"merchantid\":\"" + merchantId + "\"}"));

    assertProblem(abandon, 400, "UNKNOWN_FIELD");
    assertThat(abandon.text("field")).isEqualTo("reasn");
    assertProblem(bulk, 400, "UNKNOWN_FIELD");
    assertThat(bulk.text("field")).isEqualTo("merchantid");
  }

  @Test
  void theManagementBodiesRefuseAnUnknownFieldToo() {
    var merchant =
        send(
            post(
                "/api/v1/merchants",
                "{\"id\":\"typo-shop\",\"name\":\"T\",\"callbackHost\":[\"a.example\"]}"));
    var change =
        send(
            post("/api/v1/merchants/" + merchantId, "{\"staus\":\"DISABLED\"}")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"staus\":\"DISABLED\"}")));
    var policy =
        send(
            post("/api/v1/retry-policies/typo", "{\"intervals\":[\"1m\"],\"timout\":\"5s\"}")
                .method(
                    "PUT",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"intervals\":[\"1m\"],\"timout\":\"5s\"}")));
    var token =
        send(post("/api/v1/tokens", "{\"name\":\"t\",\"role\":\"viewer\",\"merchants\":[\"x\"]}"));

    assertProblem(merchant, 400, "UNKNOWN_FIELD");
    assertThat(merchant.text("field")).isEqualTo("callbackHost");
    assertProblem(change, 400, "UNKNOWN_FIELD");
    assertThat(change.text("field")).isEqualTo("staus");
    assertThat(api.get("/api/v1/merchants/" + merchantId).text("status")).isEqualTo("ACTIVE");
    assertProblem(policy, 400, "UNKNOWN_FIELD");
    assertThat(policy.text("field")).isEqualTo("timout");
    assertThat(api.get("/api/v1/retry-policies/typo").status()).isEqualTo(404);
    assertProblem(token, 400, "UNKNOWN_FIELD");
    assertThat(token.text("field")).isEqualTo("merchants");
    assertThat(api.get("/api/v1/merchants/typo-shop").status()).isEqualTo(404);
  }

  @Test
  void aValueOfTheWrongJsonTypeIsRefusedNamingItsField() {
    var number =
        send(
            post(
                "/api/v1/notifications",
                create("O-TYPE", "\"1.00\"", "").replace("\"O-TYPE\"", "42")));
    var object =
        send(
            post(
                "/api/v1/notifications",
                create("O-TYPE", "\"1.00\"", ",\"transactionId\":{\"a\":1}")));
    var ids = send(post("/api/v1/notifications/retry", "{\"ids\":[1,2]}"));

    assertProblem(number, 422, "INVALID_VALUE");
    assertThat(number.text("field")).isEqualTo("orderNo");
    assertThat(number.text("detail")).isEqualTo("orderNo: must be a string");
    assertProblem(object, 422, "INVALID_VALUE");
    assertThat(object.text("field")).isEqualTo("transactionId");
    assertProblem(ids, 422, "INVALID_VALUE");
    assertThat(ids.text("field")).isEqualTo("ids");
    assertThat(ids.text("detail")).isEqualTo("ids: must be an array of strings");
  }

  @Test
  void anAmountIsReadExactlyFromAStringOrANumber() {
    var fromNumber =
        send(post("/api/v1/notifications", create("O-NUM", "12.345678901234567890", "")));
    var fromString = send(post("/api/v1/notifications", create("O-STR", "\" 100.00 \"", "")));

    assertProblem(
        fromNumber,
        422,
        "INVALID_VALUE"); // more decimals than CNY has: the exact value reached the check
    assertThat(fromNumber.text("field")).isEqualTo("amount");
    assertThat(fromNumber.text("detail")).contains("12.345678901234567890");
    assertThat(fromString.status()).isEqualTo(201);
    assertThat(fromString.text("amount")).isEqualTo("100.00");
  }

  @Test
  void everyRefusalIsProblemDetailsKeepingErrorMessageAndField() {
    var viewer =
        api.post("/api/v1/tokens", "{\"name\":\"reader\",\"role\":\"viewer\"}").text("token");
    api.post("/api/v1/notifications", create("O-409", "\"1.00\"", ""));

    var missing = send(post("/api/v1/notifications", "{\"channel\":\"WEBHOOK\"}"));
    var unauthorized =
        send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/merchants")));
    var forbidden =
        send(
            post("/api/v1/merchants", "{\"id\":\"v1\",\"name\":\"V\"}")
                .setHeader("Authorization", "Bearer " + viewer));
    var notFound =
        send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/notifications/ntf_none"))
                .header("Authorization", "Bearer " + Api.TOKEN)
                .header("Accept", "application/json"));
    var conflict = send(post("/api/v1/notifications", create("O-409", "\"2.00\"", "")));
    var tooLarge = send(post("/api/v1/notifications", "{\"x\":\"" + "a".repeat(1_100_000) + "\"}"));
    var form =
        send(
            post("/api/v1/notifications", "a=b")
                .setHeader("Content-Type", "application/x-www-form-urlencoded"));
    var invalid = send(post("/api/v1/notifications", create("O-422", "\"-1.00\"", "")));

    assertProblem(missing, 400, "MISSING_FIELD");
    assertThat(missing.text("field")).isEqualTo("merchantId");
    assertThat(missing.text("title")).isEqualTo("A required field is missing");
    assertProblem(unauthorized, 401, "UNAUTHORIZED");
    assertProblem(forbidden, 403, "FORBIDDEN");
    assertProblem(notFound, 404, "NOT_FOUND");
    assertProblem(conflict, 409, "CONFLICT");
    assertProblem(tooLarge, 413, "BODY_TOO_LARGE");
    assertProblem(form, 415, "UNSUPPORTED_MEDIA_TYPE");
    assertProblem(invalid, 422, "INVALID_VALUE");
    assertThat(invalid.text("field")).isEqualTo("amount");
    assertThat(invalid.json().has("field")).isTrue();
    assertThat(notFound.json().has("field")).isTrue(); // null, as before problem details
  }

  @Test
  void theDetailFollowsAcceptLanguageWhileCodeTypeAndTitleStay() {
    var body = create("O-ZH", "\"1.00\"", ",\"amout\":\"1\"");

    var plain = send(post("/api/v1/notifications", body));
    var chinese = send(post("/api/v1/notifications", body).header("Accept-Language", "zh-CN"));
    var anonymous =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/merchants"))
                .header("Accept-Language", "zh-CN"));

    assertProblem(chinese, 400, "UNKNOWN_FIELD");
    assertThat(chinese.text("type")).isEqualTo(plain.text("type"));
    assertThat(chinese.text("title")).isEqualTo(plain.text("title"));
    assertThat(chinese.text("field")).isEqualTo("amout");
    assertThat(chinese.text("detail"))
        .startsWith("amout：未知字段；应为 [")
        .isEqualTo(chinese.text("message"));
    assertProblem(anonymous, 401, "UNAUTHORIZED");
    assertThat(anonymous.text("detail")).isEqualTo("需要 Authorization: Bearer <token> 或控制台会话");
  }

  @Test
  void theIdempotencyKeyHeaderIsTheKeyOfTheCreate() {
    var key = "k-" + UUID.randomUUID();

    var first =
        send(
            post("/api/v1/notifications", create("O-H1", "\"5.00\"", ""))
                .header("Idempotency-Key", "\"" + key + "\""));
    var again =
        send(
            post("/api/v1/notifications", create("O-H1", "\"5.00\"", ""))
                .header("Idempotency-Key", key));
    var asField =
        send(
            post(
                "/api/v1/notifications",
                create("O-H1", "\"5.00\"", ",\"idempotencyKey\":\"" + key + "\"")));
    var otherOrderSameKey =
        send(
            post("/api/v1/notifications", create("O-H2", "\"5.00\"", ""))
                .header("Idempotency-Key", key));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("id")).isEqualTo(first.text("id"));
    assertThat(asField.status()).isEqualTo(200);
    assertThat(asField.text("id")).isEqualTo(first.text("id"));
    assertProblem(otherOrderSameKey, 422, "IDEMPOTENCY_KEY_REUSED");
    assertThat(otherOrderSameKey.text("field")).isEqualTo("Idempotency-Key");
    assertThat(stored("O-H2")).isZero();
  }

  @Test
  void aKeyReusedInTheBodyFieldStaysA409AndAHeaderThatDisagreesWithTheFieldIsRefused() {
    var key = "k-" + UUID.randomUUID();
    send(
        post(
            "/api/v1/notifications",
            create("O-B1", "\"5.00\"", ",\"idempotencyKey\":\"" + key + "\"")));

    var reused =
        send(
            post(
                "/api/v1/notifications",
                create("O-B2", "\"5.00\"", ",\"idempotencyKey\":\"" + key + "\"")));
    var disagreeing =
        send(
            post("/api/v1/notifications", create("O-B3", "\"5.00\"", ",\"idempotencyKey\":\"one\""))
                .header("Idempotency-Key", "two"));
    var empty =
        send(
            post("/api/v1/notifications", create("O-B4", "\"5.00\"", ""))
                .header("Idempotency-Key", "\"\""));

    assertProblem(reused, 409, "CONFLICT");
    assertProblem(disagreeing, 422, "INVALID_VALUE");
    assertThat(disagreeing.text("field")).isEqualTo("idempotencyKey");
    assertThat(disagreeing.text("detail")).contains("Idempotency-Key");
    assertProblem(empty, 422, "INVALID_VALUE");
    assertThat(empty.text("field")).isEqualTo("Idempotency-Key");
    assertThat(stored("O-B2") + stored("O-B3") + stored("O-B4")).isZero();
  }
}
