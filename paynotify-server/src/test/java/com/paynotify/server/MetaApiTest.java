package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.paynotify.testkit.FakeMerchant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/meta}, the vocabulary menus are built from, and the configured channel default
 * policies it shows and create uses, over real HTTP on H2.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.policies.brisk.intervals=10s,1m",
      "paynotify.channels.webhook.default-policy=alipay",
      "paynotify.channels.wechat-v2.default-policy=brisk",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:meta;DB_CLOSE_DELAY=-1"
    })
class MetaApiTest {
  @LocalServerPort int port;
  private final FakeMerchant merchant = FakeMerchant.start();

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  @Test
  void listsEveryStatusChannelAndErrorKindWithItsRule() {
    var meta = new Api(port).get("/api/v1/meta");

    assertThat(meta.status()).isEqualTo(200);
    assertThat(byName(meta.json().get("paymentStatuses"), "notified"))
        .containsExactly(
            Map.entry("SUCCESS", "true"),
            Map.entry("FAILED", "true"),
            Map.entry("CANCELLED", "true"),
            Map.entry("TIMEOUT", "true"),
            Map.entry("REFUNDED", "true"),
            Map.entry("PROCESSING", "false"),
            Map.entry("REFUNDING", "false"));
    assertThat(byName(meta.json().get("notificationStatuses"), "retryable"))
        .containsExactly(
            Map.entry("PENDING", "true"),
            Map.entry("DELIVERING", "true"),
            Map.entry("SUCCEEDED", "false"),
            Map.entry("FAILED", "true"),
            Map.entry("ABANDONED", "true"));
    assertThat(byName(meta.json().get("channels"), "ackRule"))
        .containsExactly(
            Map.entry("ALIPAY", "HTTP 200 with the body success"),
            Map.entry("WECHAT_V3", "HTTP 200 or 204"),
            Map.entry(
                "WECHAT_V2",
                "a 2xx with XML return_code SUCCESS and no result_code other than SUCCESS"),
            Map.entry("WEBHOOK", "any 2xx, unless the merchant names the body"));
    assertThat(strings(meta.json().get("errorKinds")))
        .containsExactly(
            "TIMEOUT",
            "CONNECT",
            "DNS",
            "TLS",
            "HTTP_STATUS",
            "BAD_ACK",
            "BLOCKED_ADDRESS",
            "IO",
            "INTERNAL");
  }

  @Test
  void showsEachChannelsDefaultPolicyAsConfigured() {
    var meta = new Api(port).get("/api/v1/meta");

    assertThat(byName(meta.json().get("channels"), "defaultPolicy"))
        .containsExactly(
            Map.entry("ALIPAY", "alipay"), Map.entry("WECHAT_V3", "wechat"),
            Map.entry("WECHAT_V2", "brisk"), Map.entry("WEBHOOK", "alipay"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"admin", "operator", "viewer", "producer"})
  void anyRoleMayReadIt(String role) {
    var admin = new Api(port);
    var name = role + "-" + UUID.randomUUID().toString().substring(0, 6);
    var token =
        admin
            .post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}")
            .text("token");

    var read =
        admin.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/meta"))
                .header("Authorization", "Bearer " + token)
                .GET());
    var anonymous = admin.send(admin.unauthenticated("/api/v1/meta").GET());

    assertThat(read.status()).isEqualTo(200);
    assertThat(anonymous.status()).isEqualTo(401);
  }

  @Test
  void aNotificationNamingNoPolicyGetsItsChannelsConfiguredDefault() {
    var api = new Api(port);
    var merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
                .status())
        .isEqualTo(201);

    var created =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"D-1","paymentStatus":"SUCCESS","amount":"1.00",
         "currency":"CNY","notifyUrl":"%s"}"""
                .formatted(merchantId, merchant.url("/notify")));
    var named =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"D-2","paymentStatus":"SUCCESS","amount":"1.00",
         "currency":"CNY","notifyUrl":"%s","retryPolicy":"standard"}"""
                .formatted(merchantId, merchant.url("/notify")));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.text("retryPolicy")).isEqualTo("alipay");
    assertThat(created.json().get("maxAttempts").asInt()).isEqualTo(8);
    assertThat(named.text("retryPolicy")).isEqualTo("standard");
  }

  @Test
  void refusesToStartWithAnUnknownDefaultPolicyNamingTheProperty() {
    var refused =
        catchThrowable(() -> start("--paynotify.channels.webhook.default-policy=nope").close());

    assertThat(refused)
        .hasStackTraceContaining(
            "IllegalStateException: paynotify.channels.webhook.default-policy: unknown retry policy 'nope'");
  }

  @Test
  void refusesToStartWithADefaultPolicyForAnUnknownChannel() {
    var refused =
        catchThrowable(() -> start("--paynotify.channels.paypal.default-policy=alipay").close());

    assertThat(refused)
        .hasStackTraceContaining(
            "IllegalStateException: paynotify.channels.paypal.default-policy: 'paypal' is not a channel");
  }

  private static org.springframework.context.ConfigurableApplicationContext start(String setting) {
    return new SpringApplicationBuilder(PaynotifyApplication.class)
        .run(
            "--paynotify.api-token=" + Api.TOKEN,
            "--server.port=0",
            "--paynotify.data-dir=target/test-data-meta",
            "--spring.datasource.url=jdbc:h2:mem:meta-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            setting);
  }

  /** Each entry's name with one of its fields, in order. */
  private static List<Map.Entry<String, String>> byName(JsonNode entries, String field) {
    var found = new LinkedHashMap<String, String>();
    entries.forEach(entry -> found.put(entry.get("name").asString(), entry.get(field).asString()));
    return new ArrayList<>(found.entrySet());
  }

  private static List<String> strings(JsonNode array) {
    var found = new ArrayList<String>();
    array.forEach(item -> found.add(item.asString()));
    return found;
  }
}
