package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/notifications/batch} end to end: each item answered on its own, in order. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:batch;DB_CLOSE_DELAY=-1"
    })
class BatchCreateApiTest {
  @LocalServerPort int port;
  private Api api;
  private final FakeMerchant merchant = FakeMerchant.start();
  private String merchantId;

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "b-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  private String item(String orderNo, String status, String amount) {
    return """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"%s","amount":"%s","currency":"CNY",
         "notifyUrl":"%s"}"""
        .formatted(merchantId, orderNo, status, amount, merchant.url("/notify"));
  }

  @Test
  void answersEachItemWithItsOwnStatusInOrder() {
    var stored = api.post("/api/v1/notifications", item("O-STORED", "SUCCESS", "10.00"));
    assertThat(stored.status()).isEqualTo(201);
    var body =
        "["
            + String.join(
                ",",
                item("O-NEW", "SUCCESS", "10.00"),
                item("O-STORED", "SUCCESS", "10.00"),
                item("O-STORED", "SUCCESS", "99.00"),
                item("O-BAD", "PROCESSING", "10.00"),
                item("O-TWICE", "SUCCESS", "10.00"),
                item("O-TWICE", "SUCCESS", "10.00"),
                "{\"merchantId\":\"" + merchantId + "\"}",
                "42")
            + "]";

    var answer = api.post("/api/v1/notifications/batch", body);

    assertThat(answer.status()).isEqualTo(200);
    var items = answer.json();
    assertThat(items).hasSize(8);
    assertThat(statuses(items)).containsExactly(201, 200, 409, 422, 201, 200, 400, 400);
    assertThat(items.get(0).get("notification").get("id").asString()).startsWith("ntf_");
    assertThat(items.get(1).get("notification").get("id").asString()).isEqualTo(stored.text("id"));
    assertThat(items.get(2).get("error").asString()).isEqualTo("CONFLICT");
    assertThat(items.get(3).get("error").asString()).isEqualTo("INVALID_VALUE");
    assertThat(items.get(3).get("field").asString()).isEqualTo("paymentStatus");
    assertThat(items.get(5).get("notification").get("id").asString())
        .as("the same request twice in one batch is one notification")
        .isEqualTo(items.get(4).get("notification").get("id").asString());
    assertThat(items.get(6).get("error").asString()).isEqualTo("MISSING_FIELD");
    assertThat(items.get(6).get("field").asString()).isEqualTo("channel");
    assertThat(items.get(7).get("error").asString()).isEqualTo("MALFORMED_REQUEST");
    awaitSucceeded(items.get(0).get("notification").get("id").asString());
  }

  @Test
  void refusesMoreThanTheLimitNamingIt() {
    var many = new ArrayList<String>();
    for (int i = 0; i < 1_001; i++) {
      many.add("{}");
    }

    var answer = api.post("/api/v1/notifications/batch", "[" + String.join(",", many) + "]");

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.text("field")).isEqualTo("items");
    assertThat(answer.text("message")).contains("at most 1000", "1001");
  }

  @Test
  void createsAThousandInOneCall() {
    var many = new ArrayList<String>();
    for (int i = 0; i < 1_000; i++) {
      many.add(item("O-BULK-" + i, "SUCCESS", "1.00"));
    }

    var answer = api.post("/api/v1/notifications/batch", "[" + String.join(",", many) + "]");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(statuses(answer.json())).hasSize(1_000).containsOnly(201);
    assertThat(merchant.awaitRequests(1_000, Duration.ofSeconds(60))).hasSize(1_000);
  }

  @Test
  void refusesABodyThatIsNotAnArray() {
    var answer = api.post("/api/v1/notifications/batch", item("O-1", "SUCCESS", "1.00"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.text("error")).isEqualTo("MALFORMED_REQUEST");
    assertThat(answer.text("message")).contains("JSON array");
  }

  private static java.util.List<Integer> statuses(JsonNode items) {
    var statuses = new ArrayList<Integer>();
    items.forEach(item -> statuses.add(item.get("status").asInt()));
    return statuses;
  }

  private void awaitSucceeded(String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"SUCCEEDED".equals(api.get("/api/v1/notifications/" + id).text("status"))
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    assertThat(api.get("/api/v1/notifications/" + id).text("status")).isEqualTo("SUCCEEDED");
  }
}
