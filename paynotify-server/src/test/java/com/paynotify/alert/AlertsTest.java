package com.paynotify.alert;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WebhookSignature;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.Backlog;
import com.paynotify.notification.ErrorKind;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import com.paynotify.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Alert rules on a settable clock, posted to a real local receiver that checks the signature. */
class AlertsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AlertRules RULES =
      new AlertRules(0.5, Duration.ofMinutes(10), 4, Duration.ofMinutes(5));

  private final MutableClock clock = new MutableClock(T0);
  private final WebhookSecret secret = WebhookSecret.generate();
  private final FakeMerchant receiver = FakeMerchant.start().alwaysReply(Reply.status(204));
  private final WebhookAlertSink sink =
      new WebhookAlertSink(List.of(receiver.uri("/alerts")), secret, clock);
  private final Alerts alerts = new Alerts(RULES, sink, clock);

  @AfterEach
  void stop() {
    sink.close();
    receiver.close();
  }

  @Test
  void finalFailureOpensOneAlertPerMerchantUntilASuccessResolvesIt() {
    alerts.attempted(ended("m1", NotificationStatus.FAILED), failure());
    clock.tick(Duration.ofMinutes(1));
    alerts.attempted(ended("m1", NotificationStatus.FAILED), failure());
    var whileOpen = alerts.open();

    clock.tick(Duration.ofMinutes(1));
    alerts.attempted(ended("m1", NotificationStatus.SUCCEEDED), success());

    assertThat(whileOpen)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.kind()).isEqualTo(AlertKind.NOTIFICATION_FAILED);
              assertThat(alert.merchantId()).isEqualTo("m1");
              assertThat(alert.openedAt()).isEqualTo(T0);
            });
    assertThat(alerts.open()).isEmpty();
    assertThat(alerts.recent())
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.id()).isEqualTo(whileOpen.getFirst().id());
              assertThat(alert.resolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
            });
    var events = verifiedEvents(2);
    assertThat(events)
        .extracting(e -> e.get("type").asString())
        .containsExactly("alert.opened", "alert.resolved");
    assertThat(events.getFirst().at("/data/kind").asString()).isEqualTo("NOTIFICATION_FAILED");
    assertThat(events.getFirst().at("/data/merchantId").asString()).isEqualTo("m1");
    assertThat(events.getLast().at("/data/resolvedAt").asString())
        .isEqualTo(T0.plus(Duration.ofMinutes(2)).toString());
  }

  @Test
  void failureRateAtTheThresholdOpensAndClearsOnceTheWindowHasPassed() {
    alerts.attempted(pending("m2"), failure());
    alerts.attempted(pending("m2"), success());
    alerts.attempted(pending("m2"), failure());
    var beforeEnoughAttempts = alerts.open();
    alerts.attempted(pending("m2"), success());
    var atHalf = alerts.open();

    clock.tick(Duration.ofMinutes(11));
    alerts.evaluate();

    assertThat(beforeEnoughAttempts).isEmpty();
    assertThat(atHalf)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.kind()).isEqualTo(AlertKind.FAILURE_RATE);
              assertThat(alert.message()).contains("2 of 4 attempts failed");
            });
    assertThat(alerts.open()).isEmpty();
    assertThat(verifiedEvents(2))
        .extracting(e -> e.get("type").asString())
        .containsExactly("alert.opened", "alert.resolved");
  }

  @Test
  void successesBringingTheRateBelowTheThresholdResolveIt() {
    for (int i = 0; i < 4; i++) {
      alerts.attempted(pending("m3"), failure());
    }
    var opened = alerts.open();

    for (int i = 0; i < 5; i++) {
      alerts.attempted(pending("m3"), success());
    }

    assertThat(opened).extracting(Alert::kind).containsExactly(AlertKind.FAILURE_RATE);
    assertThat(alerts.open()).isEmpty();
  }

  @Test
  void aStaleBacklogOpensOneAlertAndResolvesWhenCaughtUp() {
    alerts.checkBacklog(new Backlog(3, 10, 1, T0.minus(Duration.ofMinutes(5))));
    var atTheLimit = alerts.open();
    alerts.checkBacklog(new Backlog(3, 10, 1, T0.minus(Duration.ofMinutes(6))));
    alerts.checkBacklog(new Backlog(4, 10, 1, T0.minus(Duration.ofMinutes(7))));
    var stale = alerts.open();

    alerts.checkBacklog(new Backlog(0, 10, 1, null));

    assertThat(atTheLimit).isEmpty();
    assertThat(stale)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.kind()).isEqualTo(AlertKind.BACKLOG_AGE);
              assertThat(alert.merchantId()).isNull();
              assertThat(alert.message()).contains("360s");
            });
    assertThat(alerts.open()).isEmpty();
    assertThat(verifiedEvents(2))
        .extracting(e -> e.at("/data/kind").asString())
        .containsOnly("BACKLOG_AGE");
  }

  @Test
  void alertsOfDifferentMerchantsAreSeparate() {
    alerts.attempted(ended("m1", NotificationStatus.FAILED), failure());
    alerts.attempted(ended("m2", NotificationStatus.FAILED), failure());

    assertThat(alerts.open()).extracting(Alert::merchantId).containsExactlyInAnyOrder("m1", "m2");
  }

  @Test
  void aFailedPostLogsTheAlertUrlsSchemeAndHostButNeverItsSecretPath() throws Exception {
    var answersFailure = FakeMerchant.start().alwaysReply(Reply.status(500));
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var slackStyle = answersFailure.uri("/services/T0001/B0001/s3cr3tPathToken");
    var unreachable =
        java.net.URI.create(
            "http://127.0.0.1:" + closedPort + "/hooks/s3cr3tToo?token=s3cr3tQuery");
    var events = new ListAppender<ILoggingEvent>();
    events.start();
    var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(WebhookAlertSink.class);
    logger.addAppender(events);
    try {
      var failingSink = new WebhookAlertSink(List.of(slackStyle, unreachable), secret, clock);
      new Alerts(RULES, failingSink, clock)
          .attempted(ended("m1", NotificationStatus.FAILED), failure());
      failingSink.close(); // waits for both posts

      var logged = events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(logged).hasSize(2);
      assertThat(logged)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains(
                          "to http://127.0.0.1:"
                              + slackStyle.getPort()
                              + "/… was answered HTTP 500"));
      assertThat(logged)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("Could not post alert event")
                      .contains("to http://127.0.0.1:" + closedPort + "/… ("));
      assertThat(logged)
          .allSatisfy(
              line -> assertThat(line).doesNotContain("s3cr3t").doesNotContain("/services"));
      assertThat(events.list).allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
    } finally {
      logger.detachAppender(events);
      answersFailure.close();
    }
  }

  @Test
  void aUrlThatIsNotHttpIsRefusedByItsPlaceWithoutItsPath() {
    var ftp = java.net.URI.create("ftp://files.example.com/drop/s3cr3t");

    assertThatThrownBy(
            () -> new WebhookAlertSink(List.of(receiver.uri("/alerts"), ftp), secret, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "urls[1]: must be an http or https URL with a host, got ftp://files.example.com/…");
  }

  @Test
  void aUrlIsShownAsItsSchemeHostAndPortOnly() {
    assertThat(
            WebhookAlertSink.shown(
                java.net.URI.create("https://hooks.slack.com/services/T0/B0/XXXX")))
        .isEqualTo("https://hooks.slack.com/…");
    assertThat(WebhookAlertSink.shown(java.net.URI.create("http://alerts.internal:8080?key=XXXX")))
        .isEqualTo("http://alerts.internal:8080/…");
    assertThat(WebhookAlertSink.shown(java.net.URI.create("https://ops.example.com/")))
        .isEqualTo("https://ops.example.com");
  }

  /**
   * The first {@code count} events the receiver got, opened before resolved, each signature checked
   * as of the time the event says it was sent (the settable clock may have moved on since).
   */
  private List<JsonNode> verifiedEvents(int count) {
    var received = receiver.awaitRequests(count, Duration.ofSeconds(10));
    assertThat(received).hasSize(count);
    return received.stream()
        .map(
            request -> {
              var event = JSON.readTree(request.bodyText());
              WebhookSignature.verify(
                  List.of(secret),
                  request.header(WebhookSignature.ID_HEADER),
                  request.header(WebhookSignature.TIMESTAMP_HEADER),
                  request.header(WebhookSignature.SIGNATURE_HEADER),
                  request.body(),
                  java.time.Instant.parse(event.get("timestamp").asString()),
                  WebhookSignature.DEFAULT_TOLERANCE);
              assertThat(event.get("id").asString())
                  .isEqualTo(request.header(WebhookSignature.ID_HEADER));
              return event;
            })
        .sorted(
            java.util.Comparator.comparing(
                e -> e.get("type").asString().equals("alert.opened") ? 0 : 1))
        .toList();
  }

  private static Notification ended(String merchantId, NotificationStatus status) {
    return aNotification()
        .merchantId(merchantId)
        .status(status)
        .attempts(5)
        .nextAttemptAt(null)
        .completedAt(T0)
        .abandonReason(status == NotificationStatus.ABANDONED ? "merchant closed" : null)
        .build();
  }

  private static Notification pending(String merchantId) {
    return aNotification().merchantId(merchantId).attempts(1).build();
  }

  private static Attempt success() {
    return new Attempt("ntf_x", 1, T0, Duration.ofMillis(20), 200, "ok", null, null);
  }

  private static Attempt failure() {
    return new Attempt(
        "ntf_x", 1, T0, Duration.ofMillis(20), 500, "busy", ErrorKind.HTTP_STATUS, "HTTP 500");
  }
}
