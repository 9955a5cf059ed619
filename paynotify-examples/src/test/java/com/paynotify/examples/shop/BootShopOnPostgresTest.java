package com.paynotify.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.AckVerdict;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.examples.bootshop.BootShopApplication;
import com.paynotify.examples.bootshop.ShopOrders;
import com.paynotify.examples.bootshop.Warehouse;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample shop on Spring Boot and the starter, end to end on PostgreSQL: the real Paynotify
 * server delivers each channel's notifications to {@link BootShopApplication}, configured only by
 * {@code paynotify.receiver.*} properties holding what the server's API handed out. Each order is
 * updated exactly once, whatever is resent concurrently or after a failed shipment.
 */
@SpringBootTest(
    classes = {BootShopApplication.class, BootShopOnPostgresTest.FlakyWarehouse.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=bootshop-test",
      "spring.main.banner-mode=off",
      // The Paynotify server shares this test classpath; its Spring Security must not guard the
      // shop.
      "spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration,org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BootShopOnPostgresTest {
  private static final String API_V3_KEY = "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2";
  private static final String V2_API_KEY = "192006250b4c09247ec02edce69f6a2d";
  private static final int COPIES = 16;

  /** Orders whose first shipment fails: the warehouse is down once. */
  private static final Set<String> warehouseDownOnce = ConcurrentHashMap.newKeySet();

  private static PaynotifyServer server;

  /** Dropped by its exit hook, once @DirtiesContext has closed the shop. */
  private static TestDatabase database;

  private static String merchantId;

  @LocalServerPort int port;
  @Autowired ShopOrders orders;
  private final HttpClient http = HttpClient.newHttpClient();

  @TestConfiguration(proxyBeanMethods = false)
  static class FlakyWarehouse {
    @Bean
    @Primary
    Warehouse flakyWarehouse() {
      return notification -> {
        if (warehouseDownOnce.remove(notification.orderNo())) {
          throw new IllegalStateException("warehouse unavailable");
        }
      };
    }
  }

  /** The merchant registered with every channel; the shop configured with what the API answered. */
  @DynamicPropertySource
  static void shop(DynamicPropertyRegistry registry) {
    server = PaynotifyServer.start();
    merchantId = "boot-shop-" + UUID.randomUUID().toString().substring(0, 8);
    var merchant =
        server.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Boot shop\"}");
    assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
    var alipay = setCredentials("ALIPAY", "{\"appId\":\"2021000000000001\"}");
    var wechatV3 =
        setCredentials(
            "WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wxd678efh567hg6787\",\"apiV3Key\":\""
                + API_V3_KEY
                + "\"}");
    setCredentials(
        "WECHAT_V2",
        "{\"appId\":\"wx2421b1c4370ec43b\",\"mchId\":\"10000100\",\"apiKey\":\""
            + V2_API_KEY
            + "\",\"signType\":\"HMAC-SHA256\"}");
    database = TestDatabases.postgres();

    registry.add("spring.datasource.url", database::jdbcUrl);
    registry.add("spring.datasource.username", database::username);
    registry.add("spring.datasource.password", database::password);
    registry.add("paynotify.receiver.webhook.secrets", () -> merchant.text("webhookSecret"));
    registry.add("paynotify.receiver.alipay.public-keys", () -> alipay.text("publicKey"));
    registry.add(
        "paynotify.receiver.wechat-v3.public-keys[0].id", () -> wechatV3.text("publicKeyId"));
    registry.add(
        "paynotify.receiver.wechat-v3.public-keys[0].pem", () -> wechatV3.text("publicKeyPem"));
    registry.add("paynotify.receiver.wechat-v3.api-v3-keys", () -> API_V3_KEY);
    registry.add("paynotify.receiver.wechat-v2.api-keys", () -> V2_API_KEY);
    registry.add("paynotify.receiver.wechat-v2.sign-type", () -> "HMAC_SHA256");
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private static PaynotifyServer.Answer setCredentials(String channel, String json) {
    var answer = server.put("/api/v1/merchants/" + merchantId + "/channels/" + channel, json);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer;
  }

  private URI url(Channel channel) {
    return URI.create(
        "http://127.0.0.1:" + port + "/callbacks/" + channel.name().toLowerCase(Locale.ROOT));
  }

  private String placeOrder(Channel channel, String amount) {
    var orderNo =
        channel.name().substring(0, 2) + "-" + UUID.randomUUID().toString().substring(0, 8);
    orders.place(orderNo, new BigDecimal(amount));
    return orderNo;
  }

  private String notifyPaid(Channel channel, String orderNo, String amount) {
    var created =
        server.post(
            "/api/v1/notifications",
            """
        {"merchantId":"%s","channel":"%s","orderNo":"%s","transactionId":"4200%s","paymentStatus":"SUCCESS",
         "amount":"%s","currency":"CNY","notifyUrl":"%s","retryPolicy":"%s"}"""
                .formatted(
                    merchantId,
                    channel,
                    orderNo,
                    Math.abs(orderNo.hashCode()),
                    amount,
                    url(channel),
                    PaynotifyServer.QUICK_POLICY));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.text("id");
  }

  private PaynotifyServer.Answer awaitSucceeded(String id) {
    var answer = server.awaitNotification(id, a -> "SUCCEEDED".equals(a.text("status")));
    assertThat(answer.text("status")).as(answer.body()).isEqualTo("SUCCEEDED");
    return answer;
  }

  /**
   * The server's callback of the notification, signed now, POSTed from {@value #COPIES} threads at
   * once.
   */
  private List<HttpResponse<String>> resendConcurrently(Channel channel, String id)
      throws Exception {
    var view = server.get("/api/v1/notifications/" + id + "/callback");
    assertThat(view.status()).as(view.body()).isEqualTo(200);
    var start = new CountDownLatch(1);
    var answers = new ArrayList<Future<HttpResponse<String>>>();
    try (var threads = Executors.newFixedThreadPool(COPIES)) {
      for (var i = 0; i < COPIES; i++) {
        answers.add(
            threads.submit(
                () -> {
                  var request =
                      HttpRequest.newBuilder(url(channel))
                          .POST(HttpRequest.BodyPublishers.ofString(view.text("body")));
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

  @ParameterizedTest
  @EnumSource(Channel.class)
  void theServersNotificationPaysTheOrderOnceAndResentCopiesChangeNothing(Channel channel)
      throws Exception {
    var orderNo = placeOrder(channel, "100.00");

    var id = notifyPaid(channel, orderNo, "100.00");
    awaitSucceeded(id);
    var replies = resendConcurrently(channel, id);

    assertThat(replies)
        .allSatisfy(
            reply ->
                assertThat(ChannelFormat.of(channel).judge(reply.statusCode(), reply.body()))
                    .as(reply.body())
                    .isEqualTo(AckVerdict.ACCEPTED));
    assertThat(orders.find(orderNo))
        .get()
        .satisfies(
            order -> {
              assertThat(order.status()).isEqualTo("PAID");
              assertThat(order.transactionId()).isEqualTo("4200" + Math.abs(orderNo.hashCode()));
              assertThat(order.updates()).isEqualTo(1);
            });
  }

  @ParameterizedTest
  @EnumSource(
      value = Channel.class,
      names = {"WEBHOOK", "ALIPAY", "WECHAT_V3"})
  void aFailedShipmentRollsTheUpdateBackAndTheServersRetryPaysTheOrderOnce(Channel channel) {
    var orderNo = placeOrder(channel, "42.00");
    warehouseDownOnce.add(orderNo);

    var id = notifyPaid(channel, orderNo, "42.00");
    var done = awaitSucceeded(id);

    assertThat(done.json().get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(done.json().get("history").get(0).get("outcome").asString())
        .isNotEqualTo("SUCCEEDED");
    assertThat(orders.find(orderNo))
        .get()
        .satisfies(
            order -> {
              assertThat(order.status()).isEqualTo("PAID");
              assertThat(order.updates()).isEqualTo(1);
            });
  }

  @Test
  void aCallbackWhoseAmountDiffersFromTheOrderIsRefusedAndTheServerKeepsRetrying() {
    var orderNo = placeOrder(Channel.ALIPAY, "10.00");

    var id = notifyPaid(Channel.ALIPAY, orderNo, "0.01");
    var answer =
        server.awaitNotification(
            id,
            a -> a.json().get("attempts").asInt() >= 1 && !"DELIVERING".equals(a.text("status")));

    assertThat(answer.json().get("history").get(0).get("errorKind").asString())
        .isEqualTo("BAD_ACK");
    assertThat(orders.find(orderNo)).get().extracting(ShopOrders.Order::updates).isEqualTo(0);
  }
}
