package com.paynotify.receiver;

import static com.paynotify.receiver.OfficialSdk.OTHER_V2_API_KEY;
import static com.paynotify.receiver.OfficialSdk.V2_API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.InvalidCallbackException;
import com.paynotify.channel.InvalidCallbackException.Check;
import com.paynotify.channel.PaymentEvent;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.channel.WechatV2Credentials.SignType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WeChat Pay v2 notifications signed by {@code wxpay-sdk}'s {@code WXPayUtil.generateSignedXml}.
 */
class WechatV2VerifierTest {
  private static final String SUCCESS_XML =
      "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>";
  private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final AtomicInteger runs = new AtomicInteger();
  private final H2Receivers h2 = new H2Receivers();

  @AfterEach
  void close() {
    h2.close();
  }

  private NotificationReceiver receiver(SignType signType, String... apiKeys) {
    return h2.receiver(verifier(signType, apiKeys), clock, metrics);
  }

  private WechatV2Verifier verifier(SignType signType, String... apiKeys) {
    return WechatV2Verifier.of(new VerificationKeys.WechatV2(List.of(apiKeys), signType), clock);
  }

  private Receipt handle(NotificationReceiver receiver, ReceivedCallback callback) {
    return receiver.handle(callback, n -> runs.incrementAndGet());
  }

  private static ReceivedCallback signed(
      SignType signType, String transactionId, String orderNo, long fen) {
    return OfficialSdk.wechatV2(
        OfficialSdk.wechatV2Payment(transactionId, orderNo, fen), V2_API_KEY, signType);
  }

  private Check rejectionOf(ReceivedCallback callback, SignType signType) {
    try (var receiver = receiver(signType, V2_API_KEY)) {
      var receipt = handle(receiver, callback);

      assertThat(receipt.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(receipt.reply().status()).isEqualTo(200);
      assertThat(receipt.reply().body())
          .startsWith("<xml><return_code><![CDATA[FAIL]]></return_code>");
      assertThat(receipt.reply().isSuccess(Channel.WECHAT_V2)).isFalse();
      assertThat(receipt.reply().body()).doesNotContain(V2_API_KEY, OTHER_V2_API_KEY);
      assertThat(runs).hasValue(0);
    }
    try {
      verifier(signType, V2_API_KEY).verify(callback);
      throw new AssertionError("verified");
    } catch (InvalidCallbackException e) {
      assertThat(e.getMessage()).doesNotContain(V2_API_KEY, OTHER_V2_API_KEY);
      return e.check();
    }
  }

  @ParameterizedTest
  @EnumSource(SignType.class)
  void aNotificationTheSdkSignsIsProcessedOnceAndAnsweredWithTheSuccessXml(SignType signType) {
    // A genuine v2 notification has no notify id; each retry carries a fresh nonce_str and sign.
    var first = signed(signType, "4200000077", "ORDER077", 7700);
    var retry = signed(signType, "4200000077", "ORDER077", 7700);
    try (var receiver = receiver(signType, V2_API_KEY)) {

      var firstReceipt = handle(receiver, first);
      var retryReceipt = handle(receiver, retry);

      assertThat(firstReceipt.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(retryReceipt.outcome()).isEqualTo(Outcome.DUPLICATE_DONE);
      assertThat(runs).hasValue(1);
      var ack = ChannelFormat.of(Channel.WECHAT_V2).successAck();
      assertThat(firstReceipt.reply())
          .isEqualTo(new Reply(ack.httpStatus(), ack.contentType(), ack.bodyText()));
      assertThat(firstReceipt.reply().body()).isEqualTo(SUCCESS_XML);
      var notification = firstReceipt.notification();
      assertThat(notification.dedupKey()).isEqualTo("WECHAT_V2:4200000077:SUCCESS");
      assertThat(notification.notifyId()).isEqualTo("4200000077");
      assertThat(notification.orderNo()).isEqualTo("ORDER077");
      assertThat(notification.amount()).isEqualByComparingTo("77.00");
      assertThat(notification.rawFields()).containsEntry("attach", "充值 & 优惠");
    }
  }

  @Test
  void paynotifysOwnV2CallbackWithItsSignedNotifyIdDedupesOnTheTransactionLikeWechats() {
    var event =
        new PaymentEvent(
            "ntf_1",
            "M1",
            "ORDER077",
            "4200000077",
            PaymentStatus.SUCCESS,
            new BigDecimal("77.00"),
            null,
            "CNY",
            Map.of(),
            clock.instant());
    var credentials =
        new WechatV2Credentials("wx2421b1c4370ec43b", "10000100", V2_API_KEY, SignType.MD5);
    var fromPaynotify =
        ChannelFormat.of(Channel.WECHAT_V2).build(event, credentials, clock.instant());
    try (var receiver = receiver(SignType.MD5, V2_API_KEY)) {

      var paynotify = handle(receiver, new ReceivedCallback(Map.of(), fromPaynotify.body()));
      var wechat = handle(receiver, signed(SignType.MD5, "4200000077", "ORDER077", 7700));

      assertThat(paynotify.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(paynotify.notification().notifyId()).isEqualTo("ntf_1");
      assertThat(paynotify.notification().dedupKey()).isEqualTo("WECHAT_V2:4200000077:SUCCESS");
      assertThat(wechat.outcome())
          .as("the same payment, told by WeChat itself")
          .isEqualTo(Outcome.DUPLICATE_DONE);
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void aPaynotifyCallbackWithoutATransactionIdDedupesOnItsSignedNotifyId() {
    var event =
        new PaymentEvent(
            "ntf_2",
            "M1",
            "ORDER078",
            null,
            PaymentStatus.SUCCESS,
            new BigDecimal("1.00"),
            null,
            "CNY",
            Map.of(),
            clock.instant());
    var credentials =
        new WechatV2Credentials("wx2421b1c4370ec43b", "10000100", V2_API_KEY, SignType.MD5);
    var callback = ChannelFormat.of(Channel.WECHAT_V2).build(event, credentials, clock.instant());

    var notification =
        verifier(SignType.MD5, V2_API_KEY).verify(new ReceivedCallback(Map.of(), callback.body()));

    assertThat(notification.dedupKey()).isEqualTo("WECHAT_V2:notify:ntf_2");
  }

  @Test
  void aFailedPaymentOfTheSameTransactionIsAnotherNotification() {
    var failed = OfficialSdk.wechatV2Payment("4200000079", "ORDER079", 100);
    failed.put("result_code", "FAIL");
    failed.put("err_code", "PAYERROR");
    try (var receiver = receiver(SignType.MD5, V2_API_KEY)) {

      var fail = handle(receiver, OfficialSdk.wechatV2(failed, V2_API_KEY, SignType.MD5));

      assertThat(fail.notification().dedupKey()).isEqualTo("WECHAT_V2:4200000079:FAIL");
      assertThat(fail.notification().paymentStatus()).isEqualTo(PaymentStatus.FAILED);
    }
  }

  @Test
  void duringARotationBothApiKeysVerify() {
    try (var receiver = receiver(SignType.HMAC_SHA256, OTHER_V2_API_KEY, V2_API_KEY)) {

      assertThat(handle(receiver, signed(SignType.HMAC_SHA256, "42001", "O-1", 100)).outcome())
          .isEqualTo(Outcome.PROCESSED);
    }
  }

  @ParameterizedTest
  @EnumSource(SignType.class)
  void aCallbackSignedWithAnotherApiKeyIsRejected(SignType signType) {
    var forged =
        OfficialSdk.wechatV2(
            OfficialSdk.wechatV2Payment("42001", "O-1", 100), OTHER_V2_API_KEY, signType);

    assertThat(rejectionOf(forged, signType)).isEqualTo(Check.SIGNATURE);
  }

  @Test
  void aBadSignatureIsRejected() {
    var xml =
        OfficialSdk.wechatV2Xml(
            OfficialSdk.wechatV2Payment("42001", "O-1", 100), V2_API_KEY, SignType.MD5);
    var bad = xml.replaceAll("<sign>[^<]*</sign>", "<sign>0123456789ABCDEF0123456789ABCDEF</sign>");

    assertThat(bad).isNotEqualTo(xml);
    assertThat(rejectionOf(OfficialSdk.xml(bad), SignType.MD5)).isEqualTo(Check.SIGNATURE);
  }

  @Test
  void aMd5SignatureIsRefusedWhereHmacSha256IsConfigured() {
    assertThat(rejectionOf(signed(SignType.MD5, "42001", "O-1", 100), SignType.HMAC_SHA256))
        .isEqualTo(Check.SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<total_fee>100</total_fee>",
        "<out_trade_no>O-1</out_trade_no>",
        "<transaction_id>42001</transaction_id>"
      })
  void aTamperedFieldIsRejected(String original) {
    var xml =
        OfficialSdk.wechatV2Xml(
            OfficialSdk.wechatV2Payment("42001", "O-1", 100), V2_API_KEY, SignType.MD5);
    var tampered = xml.replace(original, original.replaceAll(">[^<]*<", ">1<"));

    assertThat(tampered).isNotEqualTo(xml);
    assertThat(rejectionOf(OfficialSdk.xml(tampered), SignType.MD5)).isEqualTo(Check.SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sign", "out_trade_no", "total_fee", "result_code"})
  void aMissingFieldIsRejectedAsMalformed(String field) {
    var fields = OfficialSdk.wechatV2Payment("42001", "O-1", 100);
    String xml;
    if (field.equals("sign")) {
      xml =
          OfficialSdk.wechatV2Xml(fields, V2_API_KEY, SignType.MD5)
              .replaceAll("<sign>[^<]*</sign>", "");
    } else {
      fields.remove(field); // signed without it: the signature holds, the field is still required
      xml = OfficialSdk.wechatV2Xml(fields, V2_API_KEY, SignType.MD5);
    }

    assertThat(rejectionOf(OfficialSdk.xml(xml), SignType.MD5)).isEqualTo(Check.MALFORMED);
  }

  @Test
  void neitherATransactionIdNorANotifyIdLeavesNothingToDedupeOn() {
    var fields = OfficialSdk.wechatV2Payment("42001", "O-1", 100);
    fields.remove("transaction_id");

    assertThat(rejectionOf(OfficialSdk.wechatV2(fields, V2_API_KEY, SignType.MD5), SignType.MD5))
        .isEqualTo(Check.MALFORMED);
  }

  @Test
  void aReturnCodeFailCarriesNoResultAndIsRejected() {
    var fields = OfficialSdk.wechatV2Payment("42001", "O-1", 100);
    fields.put("return_code", "FAIL");

    assertThat(rejectionOf(OfficialSdk.wechatV2(fields, V2_API_KEY, SignType.MD5), SignType.MD5))
        .isEqualTo(Check.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not xml",
        "<xml><return_code>SUCCESS</return_code>",
        "{\"return_code\":\"SUCCESS\"}",
        "<root><return_code>SUCCESS</return_code></root>",
        "<xml><return_code>SUCCESS</return_code><return_code>SUCCESS</return_code></xml>"
      })
  void malformedXmlIsRejected(String body) {
    assertThat(rejectionOf(OfficialSdk.xml(body), SignType.MD5)).isEqualTo(Check.MALFORMED);
  }

  @Test
  void anXmlWithAnExternalEntityIsRejectedNeverExpanded() {
    // Signed over the entity's would-be text: if the parser expanded it, the signature would hold.
    var xml =
        OfficialSdk.wechatV2Xml(
            OfficialSdk.wechatV2Payment("42001", "O-1", 100), V2_API_KEY, SignType.MD5);
    var xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
            + xml.replace("<attach>", "<attach>&secret;");

    assertThat(rejectionOf(OfficialSdk.xml(xxe), SignType.MD5)).isEqualTo(Check.MALFORMED);
  }

  @Test
  void anXmlWithAnInternalDtdIsRejected() {
    var xml =
        OfficialSdk.wechatV2Xml(
            OfficialSdk.wechatV2Payment("42001", "O-1", 100), V2_API_KEY, SignType.MD5);
    var withDtd =
        "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>" + xml;

    assertThat(rejectionOf(OfficialSdk.xml(withDtd), SignType.MD5)).isEqualTo(Check.MALFORMED);
  }
}
