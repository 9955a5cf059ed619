package com.paynotify.delivery;

import static com.paynotify.testkit.Notifications.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.Paynotify;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.http.HttpClient5Transport;
import com.paynotify.merchant.AckRule;
import com.paynotify.merchant.Merchants;
import com.paynotify.notification.ErrorKind;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import com.paynotify.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A merchant's own acknowledgement rule decides a WEBHOOK attempt's outcome, against a real local
 * merchant over HTTP; the other channels keep their formats' rules.
 */
class MerchantAckRuleTest {
  private final MutableClock clock = new MutableClock(T0);
  private final FakeMerchant merchant = FakeMerchant.start();
  private final EngineStores stores = EngineStores.onH2();
  private Paynotify paynotify;

  @BeforeEach
  void setUp() {
    paynotify =
        Paynotify.builder(
                stores.queue,
                stores.reports,
                stores.merchants,
                new MerchantCredentials(
                    stores.merchants, stores.channels, clock, Duration.ofDays(1)))
            .transport(HttpClient5Transport::new)
            .network(NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))))
            .channels(stores.channels)
            .clock(clock)
            .build();
    paynotify.merchants().register("shop", "Shop", List.of());
  }

  @AfterEach
  void tearDown() {
    paynotify.close();
    merchant.close();
    stores.close();
  }

  private Notification create(String orderNo) {
    return paynotify
        .create(
            new NotificationRequest(
                "shop",
                Channel.WEBHOOK,
                orderNo,
                "TX-" + orderNo,
                PaymentStatus.SUCCESS,
                new BigDecimal("1.00"),
                null,
                "CNY",
                merchant.url("/notify"),
                Map.of(),
                null,
                null))
        .notification();
  }

  private void rule(AckRule rule) {
    paynotify.merchants().change("shop", new Merchants.Change(null, null, null, null, rule));
  }

  private Notification attempted(Notification n) {
    paynotify.runOnce();
    return stores.queue.find(n.id()).orElseThrow();
  }

  @Test
  void byDefaultAnyTwoXxAcknowledgesWhateverTheBody() {
    merchant.alwaysReply(Reply.ok("fail"));

    var delivered = attempted(create("O-ANY"));

    assertThat(delivered.status()).isEqualTo(NotificationStatus.SUCCEEDED);
  }

  @Test
  void aMerchantNamingTheBodyIsAcknowledgedOnlyByThatBody() {
    rule(new AckRule.BodyEquals("success"));
    merchant.thenReply(Reply.ok("ok"), Reply.ok(" success\n"));
    var notification = create("O-BODY");

    var first = attempted(notification);
    clock.set(first.nextAttemptAt());
    var second = attempted(notification);

    assertThat(first.status()).isEqualTo(NotificationStatus.PENDING);
    assertThat(stores.reports.findAttempts(notification.id()).getFirst())
        .satisfies(
            a -> {
              assertThat(a.errorKind()).isEqualTo(ErrorKind.BAD_ACK);
              assertThat(a.error())
                  .isEqualTo("HTTP 200 but the merchant's rule is a 2xx whose body is success");
              assertThat(a.response()).isEqualTo("ok");
            });
    assertThat(second.status()).isEqualTo(NotificationStatus.SUCCEEDED);
  }

  @Test
  void aMerchantNamingAJsonFieldIsAcknowledgedByTheFieldsValueOnly() {
    rule(new AckRule.JsonField("code", "SUCCESS"));
    merchant.thenReply(
        Reply.ok("{\"code\":\"FAIL\",\"message\":\"locked\"}"),
        Reply.ok("{\"code\":\"SUCCESS\",\"message\":\"成功\"}"));
    var notification = create("O-JSON");

    var first = attempted(notification);
    clock.set(first.nextAttemptAt());
    var second = attempted(notification);

    assertThat(first.status()).isEqualTo(NotificationStatus.PENDING);
    assertThat(first.lastError()).startsWith("BAD_ACK: ");
    assertThat(second.status()).isEqualTo(NotificationStatus.SUCCEEDED);
  }

  @Test
  void theNamedBodyWithAStatusOutsideTwoXxIsStillAFailedStatus() {
    rule(new AckRule.BodyEquals("success"));
    merchant.alwaysReply(Reply.status(500, "success"));
    var notification = create("O-500");

    var attempted = attempted(notification);

    assertThat(attempted.status()).isEqualTo(NotificationStatus.PENDING);
    assertThat(stores.reports.findAttempts(notification.id()).getFirst().errorKind())
        .isEqualTo(ErrorKind.HTTP_STATUS);
  }

  @Test
  void aRuleChangedOnThisNodeJudgesTheNextAttemptAtOnce() {
    merchant.alwaysReply(Reply.ok("ok"));
    rule(new AckRule.BodyEquals("success"));
    var notification = create("O-CHANGED");
    var first = attempted(notification);

    rule(new AckRule.BodyEquals("ok"));
    clock.set(first.nextAttemptAt());
    var second = attempted(notification);

    assertThat(first.status()).isEqualTo(NotificationStatus.PENDING);
    assertThat(second.status()).isEqualTo(NotificationStatus.SUCCEEDED);
  }
}
