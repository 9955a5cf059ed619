package com.paynotify.receiver.spring.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.AckVerdict;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.PaymentEvent;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.WebhookCredentials;
import com.paynotify.channel.WebhookSecret;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The starter inside a real Spring Boot web application: the real Paynotify server delivers signed
 * WEBHOOK and ALIPAY callbacks over HTTP to the {@link ShopApplication}, configured only by {@code
 * paynotify.receiver.*} with what the server's API answered. Every order is paid exactly once,
 * whatever is resent, concurrently or after a failed attempt. Subclasses choose the store.
 */
@SpringBootTest(
    classes = ShopApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=starter-shop",
      "spring.main.banner-mode=off",
      // The Paynotify server shares this test classpath; its Spring Security must not guard the
      // shop.
      "spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration,org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class ShopEndToEndContract {
  static final int COPIES = 8;

  @LocalServerPort int port;
  @Autowired ShopOrders orders;
  private final HttpClient http = HttpClient.newHttpClient();

  /** The merchant this shop is, on the shared server. */
  abstract Merchant merchant();

  URI callbackUrl(Channel channel) {
    return URI.create(
        "http://127.0.0.1:" + port + "/callbacks/" + channel.name().toLowerCase(Locale.ROOT));
  }

  String placeOrder(Channel channel, String amount) {
    var orderNo =
        channel.name().substring(0, 2) + "-" + UUID.randomUUID().toString().substring(0, 8);
    orders.place(orderNo, new BigDecimal(amount));
    return orderNo;
  }

  /** Asks the server to notify the shop that the order was paid; returns the notification's id. */
  String notifyPaid(Channel channel, String orderNo, String amount) {
    var created =
        PaynotifyServer.shared()
            .post(
                "/api/v1/notifications",
                """
        {"merchantId":"%s","channel":"%s","orderNo":"%s","transactionId":"TX-%s","paymentStatus":"SUCCESS",
         "amount":"%s","currency":"CNY","notifyUrl":"%s","retryPolicy":"%s"}"""
                    .formatted(
                        merchant().id(),
                        channel,
                        orderNo,
                        orderNo,
                        amount,
                        callbackUrl(channel),
                        PaynotifyServer.QUICK_POLICY));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.text("id");
  }

  PaynotifyServer.Answer awaitSucceeded(String id) {
    var answer =
        PaynotifyServer.shared().awaitNotification(id, a -> "SUCCEEDED".equals(a.text("status")));
    assertThat(answer.text("status")).as(answer.body()).isEqualTo("SUCCEEDED");
    return answer;
  }

  /**
   * POSTs the server's callback of the notification ({@code GET …/callback}: signed now, same
   * notification) from {@value #COPIES} threads at once.
   */
  List<HttpResponse<String>> resendConcurrently(Channel channel, String id) throws Exception {
    var view = PaynotifyServer.shared().get("/api/v1/notifications/" + id + "/callback");
    assertThat(view.status()).as(view.body()).isEqualTo(200);
    var body = view.text("body");
    var start = new CountDownLatch(1);
    var answers = new ArrayList<Future<HttpResponse<String>>>();
    try (var threads = Executors.newFixedThreadPool(COPIES)) {
      for (var i = 0; i < COPIES; i++) {
        answers.add(
            threads.submit(
                () -> {
                  var request =
                      HttpRequest.newBuilder(callbackUrl(channel))
                          .POST(HttpRequest.BodyPublishers.ofString(body));
                  view.json()
                      .get("headers")
                      .properties()
                      .forEach(h -> request.header(h.getKey(), h.getValue().asString()));
                  start.await();
                  return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                }));
      }
      start.countDown();
    }
    return answers.stream().map(Future::resultNow).toList();
  }

  static boolean acknowledged(Channel channel, HttpResponse<String> response) {
    return ChannelFormat.of(channel).judge(response.statusCode(), response.body())
        == AckVerdict.ACCEPTED;
  }

  @ParameterizedTest
  @EnumSource(
      value = Channel.class,
      names = {"WEBHOOK", "ALIPAY"})
  void theServersNotificationPaysTheOrderOnceAndResentCopiesChangeNothing(Channel channel)
      throws Exception {
    var orderNo = placeOrder(channel, "100.00");

    var id = notifyPaid(channel, orderNo, "100.00");
    awaitSucceeded(id);
    var replies = resendConcurrently(channel, id);

    assertThat(replies)
        .allSatisfy(reply -> assertThat(acknowledged(channel, reply)).as(reply.body()).isTrue());
    assertThat(orders.find(orderNo))
        .get()
        .satisfies(
            order -> {
              assertThat(order.status()).isEqualTo("PAID");
              assertThat(order.updates()).isEqualTo(1);
            });
  }

  @Test
  void aFailedFirstAttemptIsUndoneAndTheServersRetryPaysTheOrderOnce() {
    var orderNo = placeOrder(Channel.ALIPAY, "42.00");
    orders.failShipmentOnce(orderNo);

    var id = notifyPaid(Channel.ALIPAY, orderNo, "42.00");
    var done = awaitSucceeded(id);

    assertThat(done.json().get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(done.json().get("history").get(0).get("outcome").asString())
        .isNotEqualTo("SUCCEEDED");
    assertThat(orders.find(orderNo)).get().extracting(ShopOrders.Order::updates).isEqualTo(1);
  }

  @Test
  void aCallbackSignedWithAnotherSecretIsRejectedAndChangesNoOrder() throws Exception {
    var orderNo = placeOrder(Channel.WEBHOOK, "10.00");
    var event =
        new PaymentEvent(
            "evt_forged_" + orderNo,
            merchant().id(),
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
    var request =
        HttpRequest.newBuilder(callbackUrl(Channel.WEBHOOK))
            .header("Content-Type", forged.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(forged.body()));
    forged.headers().forEach(request::header);

    var reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(orders.find(orderNo)).get().extracting(ShopOrders.Order::updates).isEqualTo(0);
  }
}
