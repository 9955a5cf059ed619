package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WebhookSignature;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Operating the server: statistics with a time series, Prometheus metrics after real deliveries,
 * health, logs carrying the notification's ids and never a secret, and alerts posted signed to a
 * real local receiver.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.master-key=" + ObservabilityTest.MASTER_KEY,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:observability;DB_CLOSE_DELAY=-1",
      "logging.structured.format.console=ecs",
      "logging.level.com.paynotify=DEBUG"
    })
class ObservabilityTest {
  static final String MASTER_KEY = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";
  private static final String V2_API_KEY = "Qw3rTy7uI9oPaSdFgHjKlZxCvBnM1234";
  private static final WebhookSecret ALERT_SECRET = WebhookSecret.generate();
  private static final FakeMerchant ALERT_RECEIVER =
      FakeMerchant.start().alwaysReply(Reply.status(204));

  @LocalServerPort int port;
  private Api api;
  private final FakeMerchant merchant =
      FakeMerchant.start()
          .alwaysReply(Reply.ok("<xml><return_code><![CDATA[SUCCESS]]></return_code></xml>"));
  private String merchantId;
  private String webhookSecret;

  @DynamicPropertySource
  static void alertsGoToTheLocalReceiver(DynamicPropertyRegistry registry) {
    registry.add("paynotify.alerts.urls", () -> ALERT_RECEIVER.url("/alerts"));
    registry.add("paynotify.alerts.secret", ALERT_SECRET::reveal);
  }

  @AfterAll
  static void stopReceiver() {
    ALERT_RECEIVER.close();
  }

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    var created =
        api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}");
    assertThat(created.status()).isEqualTo(201);
    webhookSecret = created.text("webhookSecret");
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  @Test
  void statsReportPercentilesAndATimeSeriesPerBucket() {
    var id = create("O-1", "WEBHOOK", null);
    awaitStatus(id, "SUCCEEDED");
    var now = Instant.now();
    var from = now.minus(Duration.ofMinutes(30));

    var stats =
        api.get(
            "/api/v1/stats?merchantId="
                + merchantId
                + "&from="
                + from
                + "&to="
                + now.plusSeconds(60)
                + "&bucket=1m");
    var byDefault = api.get("/api/v1/stats?merchantId=" + merchantId);

    assertThat(stats.status()).isEqualTo(200);
    assertThat(stats.json().at("/byStatus/SUCCEEDED").asInt()).isEqualTo(1);
    assertThat(stats.json().at("/successRate").asDouble()).isEqualTo(1.0);
    assertThat(stats.json().at("/attemptLatency").propertyNames())
        .contains("averageMs", "maxMs", "p50Ms", "p95Ms", "p99Ms");
    assertThat(stats.json().at("/series/bucket").asString()).isEqualTo("1m");
    var points = stats.json().at("/series/points");
    assertThat(points.size()).isBetween(30, 32);
    long created = 0;
    long succeeded = 0;
    long attempts = 0;
    for (var point : points) {
      created += point.get("created").asLong();
      succeeded += point.get("succeeded").asLong();
      attempts += point.get("attempts").asLong();
    }
    assertThat(List.of(created, succeeded, attempts)).containsExactly(1L, 1L, 1L);
    assertThat(byDefault.json().at("/series/bucket").asString()).isEqualTo("1h");
    assertThat(byDefault.json().at("/series/points").size()).isBetween(24, 25);
  }

  @Test
  void statsOlderThanTheMinuteWindowAreCountedPerHourAndA1mSeriesThereIsRefused() {
    var from = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);
    var range = "from=" + from.plusSeconds(20 * 60) + "&to=" + from.plusSeconds(90 * 60);

    var byDefault = api.get("/api/v1/stats?" + range);
    var minutes = api.get("/api/v1/stats?" + range + "&bucket=1m");

    assertThat(byDefault.status()).as(byDefault.body()).isEqualTo(200);
    assertThat(byDefault.json().at("/series/bucket").asString()).isEqualTo("1h");
    assertThat(byDefault.json().at("/series/points").size()).isEqualTo(2);
    assertThat(minutes.status()).isEqualTo(422);
    assertThat(minutes.text("field")).isEqualTo("bucket");
  }

  @Test
  void badStatsParametersAre422NamingTheField() {
    var bucket = api.get("/api/v1/stats?bucket=5m");
    var tooFine =
        api.get("/api/v1/stats?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=1m");
    var backwards = api.get("/api/v1/stats?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");
    var from = api.get("/api/v1/stats?from=yesterday");

    assertThat(List.of(bucket.status(), tooFine.status(), backwards.status(), from.status()))
        .containsOnly(422);
    assertThat(
            List.of(
                bucket.text("field"),
                tooFine.text("field"),
                backwards.text("field"),
                from.text("field")))
        .containsExactly("bucket", "bucket", "to", "from");
  }

  @Test
  void scrapeShowsDeliveryLifecycleBacklogClaimAndStoreMetrics() {
    var succeeded = create("O-2", "WEBHOOK", null);
    awaitStatus(succeeded, "SUCCEEDED");
    api.put("/api/v1/retry-policies/once", "{\"intervals\":[],\"timeout\":\"5s\"}");
    var failing = FakeMerchant.start().alwaysReply(Reply.status(500));
    try {
      var failed = create("O-3", "WEBHOOK", failing.url("/notify"), "once");
      awaitStatus(failed, "FAILED");
    } finally {
      failing.close();
    }

    var metrics = api.send(api.unauthenticated("/actuator/prometheus").GET());

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "paynotify_attempts_seconds_bucket{channel=\"WEBHOOK\",error_kind=\"none\",outcome=\"success\"",
            "paynotify_attempts_seconds_count{channel=\"WEBHOOK\",error_kind=\"HTTP_STATUS\",outcome=\"failure\"}",
            "paynotify_notifications_accepted_total{channel=\"WEBHOOK\"}",
            "paynotify_notifications_succeeded_total{channel=\"WEBHOOK\"}",
            "paynotify_notifications_failed_total{channel=\"WEBHOOK\"}",
            "paynotify_backlog_due ",
            "paynotify_backlog_scheduled ",
            "paynotify_backlog_delivering ",
            "paynotify_backlog_oldest_due_age_seconds ",
            "paynotify_claim_batch_size_count",
            "paynotify_store_calls_seconds_count{operation=\"claimDue\",outcome=\"success\"}",
            "paynotify_store_calls_seconds_count{operation=\"create\",outcome=\"success\"}");
  }

  @Test
  void abandoningCountsAnAbandonedNotification() {
    var id = create("O-5", "WEBHOOK", "http://127.0.0.1:9/never");
    api.post("/api/v1/notifications/" + id + "/abandon", "{\"reason\":\"merchant closed\"}");

    var metrics = api.send(api.unauthenticated("/actuator/prometheus").GET());

    assertThat(metrics.body())
        .contains("paynotify_notifications_abandoned_total{channel=\"WEBHOOK\"}");
  }

  @Test
  void healthIncludesTheDatabaseAndTheDispatcher() {
    var health = api.get("/actuator/health"); // details are for admins

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().at("/status").asString()).isEqualTo("UP");
    assertThat(health.json().at("/components/db/status").asString()).isEqualTo("UP");
    assertThat(health.json().at("/components/dispatcher/status").asString()).isEqualTo("UP");
  }

  @Test
  void logsCarryNotificationMerchantAndOrderButNoSecret(CapturedOutput output) {
    // Read the log events themselves: the console format is the JVM's first context's, whichever
    // test made it.
    var events = new ListAppender<ILoggingEvent>();
    events.start();
    var root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(events);
    String webhook;
    String v2;
    try {
      var channel =
          api.put(
              "/api/v1/merchants/" + merchantId + "/channels/WECHAT_V2",
              "{\"appId\":\"wx1\",\"mchId\":\"10000100\",\"apiKey\":\"" + V2_API_KEY + "\"}");
      assertThat(channel.status()).isIn(200, 201);

      webhook = create("O-6", "WEBHOOK", null);
      v2 = create("O-7", "WECHAT_V2", null);
      awaitStatus(webhook, "SUCCEEDED");
      awaitStatus(v2, "SUCCEEDED");
    } finally {
      root.detachAppender(events);
    }

    assertThat(events.list)
        .anySatisfy(
            e ->
                assertThat(e.getMDCPropertyMap())
                    .containsEntry("notificationId", webhook)
                    .containsEntry("merchantId", merchantId)
                    .containsEntry("orderNo", "O-6"));
    assertThat(events.list)
        .anySatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("notificationId", v2));
    assertThat(events.list)
        .anySatisfy(
            e -> assertThat(e.getFormattedMessage()).startsWith("Created notification " + webhook));
    var everything =
        output.getOut()
            + output.getErr()
            + events.list.stream()
                .map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap())
                .collect(java.util.stream.Collectors.joining("\n"));
    var webhookKey = webhookSecret.substring("whsec_".length());
    assertThat(everything)
        .doesNotContain(
            webhookKey,
            V2_API_KEY,
            MASTER_KEY,
            "Bearer " + Api.TOKEN,
            ALERT_SECRET.reveal().substring(6));
  }

  @Test
  void finalFailureOpensAnAlertPostedSignedAndListed() {
    api.put("/api/v1/retry-policies/once", "{\"intervals\":[],\"timeout\":\"5s\"}");
    var failing = FakeMerchant.start().alwaysReply(Reply.status(500));
    String id;
    try {
      id = create("O-8", "WEBHOOK", failing.url("/notify"), "once");
      awaitStatus(id, "FAILED");
    } finally {
      failing.close();
    }

    var posted =
        ALERT_RECEIVER.awaitRequests(1, Duration.ofSeconds(10)).stream()
            .filter(r -> r.bodyText().contains(merchantId))
            .findFirst()
            .orElseThrow();
    var listed = api.get("/api/v1/alerts");
    var badState = api.get("/api/v1/alerts?state=closed");

    WebhookSignature.verify(
        List.of(ALERT_SECRET),
        posted.header(WebhookSignature.ID_HEADER),
        posted.header(WebhookSignature.TIMESTAMP_HEADER),
        posted.header(WebhookSignature.SIGNATURE_HEADER),
        posted.body(),
        Instant.now(),
        WebhookSignature.DEFAULT_TOLERANCE);
    assertThat(posted.bodyText())
        .contains("\"type\":\"alert.opened\"", "\"kind\":\"NOTIFICATION_FAILED\"", id);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(badState.status()).isEqualTo(422);
    assertThat(badState.text("field")).isEqualTo("state");
    var mine =
        listed
            .json()
            .get("items")
            .valueStream()
            .filter(a -> merchantId.equals(a.get("merchantId").asString()))
            .toList();
    assertThat(mine).hasSize(1);
    assertThat(mine.getFirst().get("kind").asString()).isEqualTo("NOTIFICATION_FAILED");
    assertThat(mine.getFirst().get("resolvedAt").isNull()).isTrue();
    assertThat(mine.getFirst().propertyNames())
        .contains("id", "kind", "merchantId", "message", "openedAt", "resolvedAt");
  }

  private String create(String orderNo, String channel, String notifyUrl) {
    return create(orderNo, channel, notifyUrl, null);
  }

  private String create(String orderNo, String channel, String notifyUrl, String policy) {
    var url = notifyUrl != null ? notifyUrl : merchant.url("/notify");
    var created =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"%s","channel":"%s","orderNo":"%s","paymentStatus":"SUCCESS","amount":"9.99",
         "currency":"CNY","notifyUrl":"%s"%s}"""
                .formatted(
                    merchantId,
                    channel,
                    orderNo,
                    url,
                    policy == null ? "" : ",\"retryPolicy\":\"" + policy + "\""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.text("id");
  }

  private void awaitStatus(String id, String status) {
    Predicate<Api.Answer> reached = a -> status.equals(a.text("status"));
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    var answer = api.get("/api/v1/notifications/" + id);
    while (!reached.test(answer) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      answer = api.get("/api/v1/notifications/" + id);
    }
    assertThat(answer.text("status")).as(answer.body()).isEqualTo(status);
  }
}
