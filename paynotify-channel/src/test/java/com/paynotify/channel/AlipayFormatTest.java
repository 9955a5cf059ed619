package com.paynotify.channel;

import static com.paynotify.channel.PaymentEvents.NOW;
import static com.paynotify.channel.PaymentEvents.aPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.api.internal.util.AlipaySignature;
import com.paynotify.channel.AlipayCredentials.SignType;
import com.paynotify.channel.InvalidCallbackException.Check;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AlipayFormatTest {
  static final String APP_ID = "2021004100000001";
  static final AlipayCredentials RSA2 =
      new AlipayCredentials(APP_ID, TestKeys.PLATFORM.getPrivate(), SignType.RSA2);
  static final AlipayCredentials RSA =
      new AlipayCredentials(APP_ID, TestKeys.PLATFORM.getPrivate(), SignType.RSA);
  static final String PUBLIC_KEY = RsaKeys.publicKeyBase64(TestKeys.PLATFORM.getPublic());
  static final VerificationKeys.Alipay KEYS =
      new VerificationKeys.Alipay(List.of(TestKeys.PLATFORM.getPublic()), SignType.RSA2);

  final ChannelFormat format = ChannelFormat.of(Channel.ALIPAY);

  static Stream<PaymentEvent> everyEventType() {
    return Stream.of(
        aPayment().extra(PaymentEvents.awkwardExtra()).build(),
        aPayment().status(PaymentStatus.FAILED).extra(PaymentEvents.awkwardExtra()).build(),
        aPayment().status(PaymentStatus.CANCELLED).extra(PaymentEvents.awkwardExtra()).build(),
        aPayment().status(PaymentStatus.TIMEOUT).extra(PaymentEvents.awkwardExtra()).build(),
        aPayment().refunded("100.00").extra(PaymentEvents.awkwardExtra()).build(),
        aPayment().refunded("40.50").extra(PaymentEvents.awkwardExtra()).build());
  }

  Map<String, String> sent(PaymentEvent event, AlipayCredentials credentials) {
    return Forms.decode(format.build(event, credentials, NOW).body());
  }

  @Nested
  class Building {

    @Test
    void sendsTheAlipayNotifyParametersWithBeijingTimes() {
      var event = aPayment().build();

      var callback = format.build(event, RSA2, NOW);

      assertThat(callback.contentType())
          .isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
      assertThat(Forms.decode(callback.body()))
          .containsEntry("notify_time", "2026-11-23 16:00:05")
          .containsEntry("notify_type", "trade_status_sync")
          .containsEntry("notify_id", event.notifyId())
          .containsEntry("app_id", APP_ID)
          .containsEntry("charset", "utf-8")
          .containsEntry("version", "1.0")
          .containsEntry("sign_type", "RSA2")
          .containsEntry("trade_no", "2026112322001400000000000001")
          .containsEntry("out_trade_no", "ORDER001")
          .containsEntry("trade_status", "TRADE_SUCCESS")
          .containsEntry("total_amount", "100.00")
          .containsEntry("receipt_amount", "100.00")
          .containsEntry("gmt_payment", "2026-11-23 16:00:00")
          .containsKey("sign")
          .doesNotContainKeys("refund_fee", "gmt_refund", "gmt_close", "trans_currency");
    }

    @Test
    void writesAmountsInYuanWithTwoDecimals() {
      var event = aPayment().amount("7.5").build();

      var params = sent(event, RSA2);

      assertThat(params).containsEntry("total_amount", "7.50");
    }

    @Test
    void leavesEmptyValuesOut() {
      var event = aPayment().transactionId(null).extra("remark", "  ").extra("memo", "").build();

      var params = sent(event, RSA2);

      assertThat(params).doesNotContainKeys("trade_no", "remark", "memo");
    }

    @ParameterizedTest
    @EnumSource(names = {"FAILED", "CANCELLED", "TIMEOUT"})
    void closesAFailedCancelledOrTimedOutTrade(PaymentStatus status) {
      var event = aPayment().status(status).build();

      var params = sent(event, RSA2);

      assertThat(params)
          .containsEntry("trade_status", "TRADE_CLOSED")
          .containsEntry("gmt_close", "2026-11-23 16:00:00")
          .doesNotContainKeys("gmt_payment", "receipt_amount", "refund_fee");
    }

    @Test
    void sendsAFullRefundAsAClosedTradeWithItsRefundFee() {
      var event = aPayment().refunded("100.00").build();

      var params = sent(event, RSA2);

      assertThat(params)
          .containsEntry("trade_status", "TRADE_CLOSED")
          .containsEntry("refund_fee", "100.00")
          .containsEntry("gmt_refund", "2026-11-23 16:00:00.000")
          .containsEntry("gmt_close", "2026-11-23 16:00:00");
    }

    @Test
    void sendsAPartialRefundAsAStillSuccessfulTradeWithItsRefundFee() {
      var event = aPayment().refunded("40.5").build();

      var params = sent(event, RSA2);

      assertThat(params)
          .containsEntry("trade_status", "TRADE_SUCCESS")
          .containsEntry("total_amount", "100.00")
          .containsEntry("refund_fee", "40.50")
          .containsKey("gmt_refund")
          .doesNotContainKey("gmt_close");
    }

    @Test
    void sendsExtraEntriesAsFurtherParameters() {
      var event =
          aPayment()
              .extra("subject", "充值")
              .extra("fund_bill_list", List.of(Map.of("fundChannel", "ALIPAYACCOUNT")))
              .build();

      var params = sent(event, RSA2);

      assertThat(params)
          .containsEntry("subject", "充值")
          .containsEntry("out_trade_no", "ORDER001")
          .containsEntry("fund_bill_list", "[{\"fundChannel\":\"ALIPAYACCOUNT\"}]");
    }

    @Test
    void refusesAnExtraEntryNamedLikeAPaymentField() {
      var event = aPayment().extra("out_trade_no", "FORGED").build();

      assertThatThrownBy(() -> sent(event, RSA2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("extra.out_trade_no: is a reserved ALIPAY field");
    }

    @Test
    void namesTheCurrencyOnlyWhenItIsNotYuan() {
      var event = aPayment().currency("USD").build();

      var params = sent(event, RSA2);

      assertThat(params).containsEntry("trans_currency", "USD");
    }

    @Test
    void signsEachAttemptAfreshButKeepsTheNotifyId() {
      var event = aPayment().build();

      var first = sent(event, RSA2);
      var second = Forms.decode(format.build(event, RSA2, NOW.plusSeconds(240)).body());

      assertThat(second.get("notify_id")).isEqualTo(first.get("notify_id"));
      assertThat(second.get("notify_time")).isEqualTo("2026-11-23 16:04:05");
      assertThat(second.get("sign")).isNotEqualTo(first.get("sign"));
    }

    @Test
    void refusesAFractionOfAFen() {
      var event = aPayment().amount("10.005").build();

      assertThatThrownBy(() -> format.build(event, RSA2, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("amount: 10.005 is not a whole number of fen");
    }

    @Test
    void refusesARefundWithoutItsAmount() {
      var event = aPayment().status(PaymentStatus.REFUNDED).build();

      assertThatThrownBy(() -> format.build(event, RSA2, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("refundAmount:");
    }

    @Test
    void refusesCredentialsOfAnotherChannel() {
      var webhook = WebhookCredentials.of(WebhookSecret.generate());

      assertThatThrownBy(() -> format.build(aPayment().build(), webhook, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("credentials: ALIPAY needs Alipay credentials, got WEBHOOK");
    }
  }

  @Nested
  class OfficialSdk {

    @ParameterizedTest
    @MethodSource("com.paynotify.channel.AlipayFormatTest#everyEventType")
    void rsaCheckV1AcceptsEveryEventSignedWithRsa2(PaymentEvent event) throws Exception {
      var params = sent(event, RSA2);

      boolean valid = AlipaySignature.rsaCheckV1(params, PUBLIC_KEY, "UTF-8", "RSA2");

      assertThat(valid).isTrue();
    }

    @ParameterizedTest
    @MethodSource("com.paynotify.channel.AlipayFormatTest#everyEventType")
    void rsaCheckV1AcceptsEveryEventSignedWithLegacyRsa(PaymentEvent event) throws Exception {
      var params = sent(event, RSA);

      boolean valid = AlipaySignature.rsaCheckV1(params, PUBLIC_KEY, "UTF-8", "RSA");

      assertThat(valid).isTrue();
    }

    @Test
    void rsaCheckV1AcceptsTheTimesGivenWhichArriveInBeijingTime() throws Exception {
      var payment = sent(aPayment().paidAt("2026-11-23T07:59:41Z").build(), RSA2);
      var refund =
          sent(
              aPayment()
                  .refunded("40.00")
                  .paidAt("2026-11-20T01:00:00Z")
                  .refundedAt("2026-11-23T07:30:00.120Z")
                  .build(),
              RSA2);

      assertThat(
              AlipaySignature.rsaCheckV1(
                  new java.util.HashMap<>(payment), PUBLIC_KEY, "UTF-8", "RSA2"))
          .isTrue();
      assertThat(
              AlipaySignature.rsaCheckV1(
                  new java.util.HashMap<>(refund), PUBLIC_KEY, "UTF-8", "RSA2"))
          .isTrue();
      assertThat(payment)
          .containsEntry("gmt_payment", "2026-11-23 15:59:41")
          .containsEntry("notify_time", "2026-11-23 16:00:05");
      assertThat(refund)
          .containsEntry("gmt_payment", "2026-11-20 09:00:00")
          .containsEntry("gmt_refund", "2026-11-23 15:30:00.120");
    }

    @Test
    void rsaCheckV1RejectsTheCallbackUnderAnotherPublicKey() throws Exception {
      var params = sent(aPayment().build(), RSA2);
      var otherKey = RsaKeys.publicKeyBase64(TestKeys.OTHER.getPublic());

      boolean valid = AlipaySignature.rsaCheckV1(params, otherKey, "UTF-8", "RSA2");

      assertThat(valid).isFalse();
    }

    @Test
    void rsaCheckV1RejectsATamperedAmount() throws Exception {
      var params = sent(aPayment().build(), RSA2);

      params.put("total_amount", "1.00");

      assertThat(AlipaySignature.rsaCheckV1(params, PUBLIC_KEY, "UTF-8", "RSA2")).isFalse();
    }

    @Test
    void theSdkTakesThePublicKeyWeHandOutAsPem() throws Exception {
      var params = sent(aPayment().build(), RSA2);
      var pem = RsaKeys.publicKeyPem(TestKeys.PLATFORM.getPublic());

      var bare = RsaKeys.publicKeyBase64(RsaKeys.parsePublicKey(pem));

      assertThat(AlipaySignature.rsaCheckV1(params, bare, "UTF-8", "RSA2")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SignType.class)
    void ourVerifyAcceptsWhatTheSdkSigns(SignType signType) throws Exception {
      var params = new LinkedHashMap<String, String>();
      params.put("notify_time", "2026-11-23 16:00:05");
      params.put("notify_type", "trade_status_sync");
      params.put("notify_id", "ac05099524730693a8b330c5ecf72da9786");
      params.put("app_id", APP_ID);
      params.put("charset", "utf-8");
      params.put("version", "1.0");
      params.put("trade_no", "2026112322001400000000000009");
      params.put("out_trade_no", "ORDER009");
      params.put("trade_status", "TRADE_SUCCESS");
      params.put("total_amount", "88.88");
      params.put("subject", "充值 & 优惠=满减+1 {\"a\":1}");
      var content = AlipaySignature.getSignCheckContentV1(new HashMap<>(params));
      var privateKey = RsaKeys.privateKeyBase64(TestKeys.PLATFORM.getPrivate());
      params.put("sign_type", signType.name());
      params.put(
          "sign",
          signType == SignType.RSA2
              ? AlipaySignature.rsa256Sign(content, privateKey, "UTF-8")
              : AlipaySignature.rsaSign(content, privateKey, "UTF-8"));
      var keys = new VerificationKeys.Alipay(List.of(TestKeys.PLATFORM.getPublic()), signType);

      var verified = format.verify(received(Forms.encode(params)), keys, NOW, Duration.ZERO);

      assertThat(verified.notifyId()).isEqualTo("ac05099524730693a8b330c5ecf72da9786");
      assertThat(verified.orderNo()).isEqualTo("ORDER009");
      assertThat(verified.amount()).isEqualByComparingTo("88.88");
      assertThat(verified.rawFields()).containsEntry("subject", "充值 & 优惠=满减+1 {\"a\":1}");
    }
  }

  @Nested
  class Judging {

    @Test
    void acceptsHttp200WithTheBodySuccess() {
      assertThat(format.judge(200, "success")).isEqualTo(AckVerdict.ACCEPTED);
      assertThat(format.judge(200, "  success\r\n")).isEqualTo(AckVerdict.ACCEPTED);
    }

    @Test
    void rejectsAnyOtherBody() {
      assertThat(format.judge(200, "fail")).isEqualTo(AckVerdict.REJECTED_BODY);
      assertThat(format.judge(200, "SUCCESS")).isEqualTo(AckVerdict.REJECTED_BODY);
      assertThat(format.judge(200, "success!")).isEqualTo(AckVerdict.REJECTED_BODY);
      assertThat(format.judge(200, "")).isEqualTo(AckVerdict.REJECTED_BODY);
    }

    @Test
    void rejectsAnyStatusButHttp200() {
      assertThat(format.judge(204, "success")).isEqualTo(AckVerdict.REJECTED_STATUS);
      assertThat(format.judge(500, "success")).isEqualTo(AckVerdict.REJECTED_STATUS);
    }

    @Test
    void answersSuccessOrFailAsAlipayHandlersDo() {
      var success = format.successAck();
      var failure = format.failureAck("database down");

      assertThat(success.httpStatus()).isEqualTo(200);
      assertThat(success.bodyText()).isEqualTo("success");
      assertThat(failure.bodyText()).isEqualTo("fail");
      assertThat(format.judge(success.httpStatus(), success.bodyText()))
          .isEqualTo(AckVerdict.ACCEPTED);
      assertThat(format.judge(failure.httpStatus(), failure.bodyText()))
          .isNotEqualTo(AckVerdict.ACCEPTED);
    }
  }

  @Nested
  class Verifying {

    @ParameterizedTest
    @MethodSource("com.paynotify.channel.AlipayFormatTest#everyEventType")
    void readsBackEveryEventItSent(PaymentEvent event) {
      var callback = format.build(event, RSA2, NOW);

      var verified = format.verify(received(callback.body()), KEYS, NOW, Duration.ZERO);

      assertThat(verified.channel()).isEqualTo(Channel.ALIPAY);
      assertThat(verified.notifyId()).isEqualTo(event.notifyId());
      assertThat(verified.orderNo()).isEqualTo(event.orderNo());
      assertThat(verified.transactionId()).isEqualTo(event.transactionId());
      assertThat(verified.amount()).isEqualByComparingTo(event.amount());
      assertThat(verified.currency()).isEqualTo("CNY");
      assertThat(verified.rawFields()).containsEntry("subject", "充值 100元 & 优惠=满减+1");
      if (event.paymentStatus() == PaymentStatus.REFUNDED) {
        assertThat(verified.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(verified.refundAmount()).isEqualByComparingTo(event.refundAmount());
      } else if (event.paymentStatus() == PaymentStatus.SUCCESS) {
        assertThat(verified.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
      } else {
        // Alipay's wire has one closed state for all three.
        assertThat(verified.paymentStatus()).isEqualTo(PaymentStatus.CANCELLED);
      }
    }

    @Test
    void acceptsAnyOfSeveralKeysDuringARotation() {
      var body = format.build(aPayment().build(), RSA2, NOW).body();
      var keys =
          new VerificationKeys.Alipay(
              List.of(TestKeys.OTHER.getPublic(), TestKeys.PLATFORM.getPublic()), SignType.RSA2);

      var verified = format.verify(received(body), keys, NOW, Duration.ZERO);

      assertThat(verified.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
    }

    @Test
    void rejectsASignatureUnderAnotherKey() {
      var body = format.build(aPayment().build(), RSA2, NOW).body();
      var keys = new VerificationKeys.Alipay(List.of(TestKeys.OTHER.getPublic()), SignType.RSA2);

      assertRejected(body, keys, Check.SIGNATURE, "sign matches no configured Alipay public key");
    }

    @Test
    void rejectsATamperedBody() {
      var params = sent(aPayment().build(), RSA2);
      params.put("total_amount", "0.01");

      assertRejected(Forms.encode(params), KEYS, Check.SIGNATURE, "sign matches no configured");
    }

    @Test
    void rejectsALegacyRsaSignatureWhenRsa2IsConfigured() {
      var body = format.build(aPayment().build(), RSA, NOW).body();

      assertRejected(body, KEYS, Check.SIGNATURE, "sign_type RSA is not the accepted RSA2");
    }

    @Test
    void rejectsACallbackWithoutSign() {
      var params = sent(aPayment().build(), RSA2);
      params.remove("sign");

      assertRejected(Forms.encode(params), KEYS, Check.MALFORMED, "field sign is missing");
    }

    @Test
    void rejectsASignThatIsNotBase64() {
      var params = sent(aPayment().build(), RSA2);
      params.put("sign", "not base64 at all!");

      assertRejected(Forms.encode(params), KEYS, Check.SIGNATURE, "sign is not base64");
    }

    @Test
    void rejectsABodyThatIsNotAForm() {
      assertRejected(
          "{\"json\":true}".getBytes(StandardCharsets.UTF_8),
          KEYS,
          Check.MALFORMED,
          "not form-urlencoded");
      assertRejected(
          "a=%zz".getBytes(StandardCharsets.UTF_8), KEYS, Check.MALFORMED, "badly percent-encoded");
      assertRejected(new byte[0], KEYS, Check.MALFORMED, "the body is empty");
    }

    @Test
    void rejectsARepeatedParameter() {
      var body = format.build(aPayment().build(), RSA2, NOW).bodyText() + "&out_trade_no=OTHER";

      assertRejected(
          body.getBytes(StandardCharsets.UTF_8),
          KEYS,
          Check.MALFORMED,
          "out_trade_no appears twice");
    }

    @Test
    void neverShowsKeyMaterial() {
      var keyText = RsaKeys.privateKeyBase64(TestKeys.PLATFORM.getPrivate());

      assertThat(RSA2.toString()).doesNotContain(keyText.substring(40, 80)).contains("redacted");
      assertThat(KEYS.toString()).isEqualTo("VerificationKeys.Alipay[1 key(s), RSA2]");
    }

    void assertRejected(byte[] body, VerificationKeys keys, Check check, String message) {
      assertThatThrownBy(() -> format.verify(received(body), keys, NOW, Duration.ZERO))
          .isInstanceOfSatisfying(
              InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(check))
          .hasMessageContaining(message);
    }
  }

  static ReceivedCallback received(byte[] body) {
    return new ReceivedCallback(
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), body);
  }
}
