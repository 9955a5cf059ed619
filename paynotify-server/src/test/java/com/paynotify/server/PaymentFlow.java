package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The payment flow the issue asks for, over HTTP against whichever database the server runs on:
 * processing → paid → refunding → partly refunded → refunded, each notified move delivered to the
 * merchant in order (the refunds wait while the payment's own notification is still being retried),
 * an illegal move refused, and an update sent as a form. Needs a retry policy {@code quick} of 1s
 * intervals.
 */
final class PaymentFlow {
  private PaymentFlow() {}

  static void run(Api api, FakeMerchant merchant, String merchantId) {
    // The payment's own notification is refused once: its refunds must not overtake its retry.
    merchant.thenReply(Reply.status(500));
    var paymentId = "flow-" + UUID.randomUUID().toString().substring(0, 8);
    var path = "/api/v1/payments/" + paymentId + "/status";

    var recorded =
        api.post(
            "/api/v1/payments",
            """
        {"paymentId":"%s","merchantId":"%s","orderNo":"FLOW-%s","channel":"WEBHOOK","amount":"100.00",
         "currency":"CNY","notifyUrl":"%s","retryPolicy":"quick","extra":{"shop":"one"}}"""
                .formatted(paymentId, merchantId, paymentId, merchant.url("/notify")));
    var paid =
        api.put(
            path,
            "{\"merchantId\":\"%s\",\"status\":\"SUCCESS\",\"transactionId\":\"TX-%s\"}"
                .formatted(merchantId, paymentId));
    var refunding =
        api.put(
            path,
            "{\"merchantId\":\"%s\",\"status\":\"REFUNDING\",\"refundAmount\":\"30.00\"}"
                .formatted(merchantId));
    var partly =
        api.form("PUT", path, "merchantId=" + merchantId + "&status=REFUNDED&reason=first+refund");
    var refunded =
        api.put(
            path,
            "{\"merchantId\":\"%s\",\"status\":\"REFUNDED\",\"refundAmount\":\"70.00\"}"
                .formatted(merchantId));
    var beyond =
        api.put(path, "{\"merchantId\":\"%s\",\"status\":\"REFUNDING\"}".formatted(merchantId));

    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(recorded.text("status")).isEqualTo("PROCESSING");
    assertThat(recorded.json().at("/notice/outcome").asString()).isEqualTo("NOT_NOTIFIED");
    assertThat(paid.status()).as(paid.body()).isEqualTo(200);
    assertThat(paid.json().at("/notice/outcome").asString()).isEqualTo("QUEUED");
    assertThat(refunding.json().at("/notice/outcome").asString()).isEqualTo("NOT_NOTIFIED");
    assertThat(refunding.text("refundingAmount")).isEqualTo("30.00");
    assertThat(partly.status()).as(partly.body()).isEqualTo(200);
    assertThat(partly.text("status")).isEqualTo("REFUNDED");
    assertThat(partly.text("refundedAmount"))
        .as("the amount REFUNDING announced")
        .isEqualTo("30.00");
    assertThat(partly.json().at("/notice/outcome").asString()).isEqualTo("QUEUED");
    assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
    assertThat(refunded.text("refundedAmount")).isEqualTo("100.00");
    assertThat(beyond.status()).as("a fully refunded payment refunds no more").isEqualTo(409);
    assertThat(beyond.text("message")).contains("REFUNDED", "REFUNDING");

    var delivered = merchant.awaitRequests(4, Duration.ofSeconds(30));
    var events = new ArrayList<String>();
    for (var request : delivered) {
      var data = JsonBodiesOfTests.read(request.bodyText()).get("data");
      events.add(
          data.get("paymentStatus").asString()
              + (data.hasNonNull("refundAmount") ? " " + data.get("refundAmount").asString() : ""));
    }
    assertThat(events).containsExactly("SUCCESS", "SUCCESS", "REFUNDED 30.00", "REFUNDED 70.00");

    var read = api.get("/api/v1/payments/" + paymentId + "?merchantId=" + merchantId);
    assertThat(read.status()).isEqualTo(200);
    var history = new ArrayList<String>();
    for (JsonNode change : read.json().get("history")) {
      history.add(change.get("to").asString());
    }
    assertThat(history)
        .containsExactly("PROCESSING", "SUCCESS", "REFUNDING", "REFUNDED", "REFUNDED");
    assertThat(read.json().at("/history/3/reason").asString()).isEqualTo("first refund");
    assertThat(read.json().get("notifications")).hasSize(3);
    var deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    var search = api.get("/api/v1/notifications?paymentId=" + paymentId + "&status=SUCCEEDED");
    while (search.json().get("items").size() < 3 && System.nanoTime() < deadline) {
      sleep();
      search = api.get("/api/v1/notifications?paymentId=" + paymentId + "&status=SUCCEEDED");
    }
    assertThat(search.json().get("items")).hasSize(3);
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads a delivered callback's JSON. */
  private static final class JsonBodiesOfTests {
    private static final tools.jackson.databind.json.JsonMapper JSON =
        tools.jackson.databind.json.JsonMapper.builder().build();

    static JsonNode read(String body) {
      return JSON.readTree(body);
    }
  }
}
