package com.paynotify;

import static com.paynotify.testkit.Notifications.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.delivery.Cidr;
import com.paynotify.delivery.MerchantCredentials;
import com.paynotify.delivery.NetworkPolicy;
import com.paynotify.http.HttpClient5Transport;
import com.paynotify.merchant.AckRule;
import com.paynotify.merchant.ChannelKeys;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.Merchants;
import com.paynotify.notification.ErrorKind;
import com.paynotify.store.jdbc.JdbcChannelCredentialStore;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import com.paynotify.testkit.MutableClock;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A test notification: a sample callback signed with the merchant's real keys, sent over real HTTP
 * to a local merchant, judged as an attempt would be, and never stored.
 */
class TestNotificationsTest {
  static final String V2_API_KEY = "192006250b4c09247ec02edce69f6a2d";

  private final MutableClock clock = new MutableClock(T0);
  private final FakeMerchant merchant = FakeMerchant.start();
  private final TestDatabase database = TestDatabases.h2();
  private Paynotify paynotify;
  private Merchant shop;

  @BeforeEach
  void setUp() {
    JdbcSchema.migrate(database.dataSource());
    var masterKey = MasterKey.generate();
    var merchants = new JdbcMerchantStore(database.dataSource(), masterKey);
    var channels = new JdbcChannelCredentialStore(database.dataSource(), masterKey);
    paynotify =
        Paynotify.builder(
                new JdbcDeliveryQueue(database.dataSource()),
                new JdbcNotificationReports(database.dataSource()),
                merchants,
                new MerchantCredentials(merchants, channels, clock, Duration.ofDays(1)))
            .transport(HttpClient5Transport::new)
            .network(NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))))
            .channels(channels)
            .clock(clock)
            .build();
    shop = paynotify.merchants().register("shop", "Shop", List.of());
  }

  @AfterEach
  void tearDown() {
    paynotify.close();
    merchant.close();
    database.close();
  }

  private int storedNotifications() {
    try (var connection = database.dataSource().getConnection();
        var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM notification")) {
      rows.next();
      return rows.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sendsASamplePaidOrderSignedWithTheMerchantsSecretAndShowsTheAcknowledgement() {
    merchant.alwaysReply(Reply.ok("received"));

    var result = paynotify.testNotifications().send("shop", Channel.WEBHOOK, merchant.url("/hook"));

    var request = merchant.received().getFirst();
    var verified =
        ChannelFormat.of(Channel.WEBHOOK)
            .verify(
                new ReceivedCallback(request.headers(), request.body()),
                new VerificationKeys.Webhook(List.of(shop.webhookSecret())),
                clock.instant(),
                Duration.ofMinutes(5));
    assertThat(verified.orderNo()).startsWith("TEST-");
    assertThat(verified.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
    assertThat(request.path()).isEqualTo("/hook");
    assertThat(result.acknowledged()).isTrue();
    assertThat(result.httpStatus()).isEqualTo(200);
    assertThat(result.response()).isEqualTo("received");
    assertThat(result.errorKind()).isNull();
    assertThat(result.callback().bodyText()).isEqualTo(request.bodyText());
    assertThat(storedNotifications()).as("nothing stored").isZero();
  }

  @Test
  void judgesTheAnswerByTheMerchantsOwnRuleAndSaysWhy() {
    paynotify
        .merchants()
        .change(
            "shop",
            new Merchants.Change(null, null, null, null, new AckRule.JsonField("code", "SUCCESS")));
    merchant.alwaysReply(Reply.ok("{\"code\":\"FAIL\"}"));

    var result = paynotify.testNotifications().send("shop", Channel.WEBHOOK, merchant.url("/hook"));

    assertThat(result.acknowledged()).isFalse();
    assertThat(result.errorKind()).isEqualTo(ErrorKind.BAD_ACK);
    assertThat(result.reason())
        .isEqualTo("HTTP 200 but the merchant's rule is a 2xx whose JSON field code is SUCCESS");
    assertThat(result.response()).isEqualTo("{\"code\":\"FAIL\"}");
  }

  @Test
  void signsInTheChannelsFormatWithItsKeysAndJudgesByItsRule() {
    paynotify
        .channelKeys()
        .set(
            "shop",
            Channel.WECHAT_V2,
            new ChannelKeys.Settings(
                "wx2421b1c4370ec43b", "10000100", null, null, null, null, V2_API_KEY, false));
    merchant.alwaysReply(
        Reply.ok("<xml><return_code>SUCCESS</return_code><result_code>FAIL</result_code></xml>"));

    var result =
        paynotify.testNotifications().send("shop", Channel.WECHAT_V2, merchant.url("/wxpay"));

    var request = merchant.received().getFirst();
    var verified =
        ChannelFormat.of(Channel.WECHAT_V2)
            .verify(
                new ReceivedCallback(request.headers(), request.body()),
                new VerificationKeys.WechatV2(
                    List.of(V2_API_KEY), WechatV2Credentials.SignType.MD5),
                clock.instant(),
                Duration.ofMinutes(5));
    assertThat(verified.orderNo()).startsWith("TEST-");
    assertThat(result.acknowledged()).as("result_code FAIL").isFalse();
    assertThat(result.errorKind()).isEqualTo(ErrorKind.BAD_ACK);
  }

  @Test
  void reportsAMerchantThatDoesNotAnswer() {
    var closed = FakeMerchant.start();
    var url = closed.url("/gone");
    closed.close();

    var result = paynotify.testNotifications().send("shop", Channel.WEBHOOK, url);

    assertThat(result.acknowledged()).isFalse();
    assertThat(result.httpStatus()).isNull();
    assertThat(result.errorKind()).isEqualTo(ErrorKind.CONNECT);
  }

  @Test
  void refusesAUrlOutsideTheMerchantsCallbackHostsAndSendsNothing() {
    paynotify
        .merchants()
        .change("shop", new Merchants.Change(null, null, List.of("pay.shop.example")));

    assertThatThrownBy(
            () ->
                paynotify.testNotifications().send("shop", Channel.WEBHOOK, merchant.url("/hook")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("url"))
        .hasMessageContaining("not among merchant 'shop' callback hosts");
    assertThat(merchant.received()).isEmpty();
  }

  @Test
  void refusesANonPublicAddressUnderThePublicOnlyNetworkPolicy() {
    try (var core = new UseCaseFixture()) {
      core.paynotify.merchants().register("shop", "Shop", List.of());

      assertThatThrownBy(
              () ->
                  core.paynotify
                      .testNotifications()
                      .send("shop", Channel.WEBHOOK, merchant.url("/hook")))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("url"))
          .hasMessageContaining("non-public address");
    }
    assertThat(merchant.received()).isEmpty();
  }

  @Test
  void refusesAChannelTheMerchantHasNoKeysForAndAnUnknownMerchant() {
    assertThatThrownBy(
            () ->
                paynotify.testNotifications().send("shop", Channel.ALIPAY, merchant.url("/alipay")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("channel"));
    assertThatThrownBy(
            () ->
                paynotify
                    .testNotifications()
                    .send("nobody", Channel.WEBHOOK, merchant.url("/hook")))
        .isInstanceOf(NotFoundException.class);
    assertThat(merchant.received()).isEmpty();
  }
}
