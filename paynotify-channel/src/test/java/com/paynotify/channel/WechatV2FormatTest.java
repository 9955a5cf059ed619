package com.paynotify.channel;

import static com.paynotify.channel.PaymentEvents.NOW;
import static com.paynotify.channel.PaymentEvents.aPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.wxpay.sdk.WXPayConstants;
import com.github.wxpay.sdk.WXPayUtil;
import com.paynotify.channel.InvalidCallbackException.Check;
import com.paynotify.channel.WechatV2Credentials.SignType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class WechatV2FormatTest {
  static final String APP_ID = "wx2421b1c4370ec43b";
  static final String MCH_ID = "10000100";
  static final String API_KEY = "192006250b4c09247ec02edce69f6a2d";
  static final String OTHER_API_KEY = "7a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d";
  static final WechatV2Credentials MD5 =
      new WechatV2Credentials(APP_ID, MCH_ID, API_KEY, SignType.MD5);
  static final WechatV2Credentials HMAC =
      new WechatV2Credentials(APP_ID, MCH_ID, API_KEY, SignType.HMAC_SHA256);
  static final VerificationKeys.WechatV2 MD5_KEYS =
      new VerificationKeys.WechatV2(List.of(API_KEY), SignType.MD5);

  final ChannelFormat format = ChannelFormat.of(Channel.WECHAT_V2);

  static WechatV2Credentials credentials(SignType signType) {
    return signType == SignType.MD5 ? MD5 : HMAC;
  }

  static WXPayConstants.SignType sdkSignType(SignType signType) {
    return signType == SignType.MD5
        ? WXPayConstants.SignType.MD5
        : WXPayConstants.SignType.HMACSHA256;
  }

  static Stream<Arguments> everySignTypeAndEvent() {
    return Stream.of(SignType.values())
        .flatMap(
            signType ->
                Stream.of(
                        PaymentStatus.SUCCESS,
                        PaymentStatus.FAILED,
                        PaymentStatus.CANCELLED,
                        PaymentStatus.TIMEOUT)
                    .map(
                        status ->
                            Arguments.of(
                                signType,
                                aPayment()
                                    .status(status)
                                    .extra(PaymentEvents.awkwardExtra())
                                    .build())));
  }

  /** What a merchant's handler does first: {@code WXPayUtil.xmlToMap} of the body. */
  static Map<String, String> sdkRead(Callback callback) throws Exception {
    return WXPayUtil.xmlToMap(callback.bodyText());
  }

  @Nested
  class Building {

    @Test
    void sendsThePaymentTimeGivenAsTimeEndInBeijingTime() throws Exception {
      var callback = format.build(aPayment().paidAt("2026-11-23T07:59:41Z").build(), MD5, NOW);

      var read = sdkRead(callback);

      assertThat(WXPayUtil.isSignatureValid(read, API_KEY, WXPayConstants.SignType.MD5)).isTrue();
      assertThat(read).containsEntry("time_end", "20261123155941");
    }

    @Test
    void sendsThePaymentResultAsXmlOfCdataValues() throws Exception {
      var event = aPayment().build();

      var callback = format.build(event, MD5, NOW);

      assertThat(callback.contentType()).isEqualTo("text/xml; charset=utf-8");
      assertThat(callback.bodyText())
          .startsWith("<xml><")
          .contains("<return_code><![CDATA[SUCCESS]]></return_code>");
      assertThat(sdkRead(callback))
          .containsEntry("return_code", "SUCCESS")
          .containsEntry("return_msg", "OK")
          .containsEntry("appid", APP_ID)
          .containsEntry("mch_id", MCH_ID)
          .containsEntry("sign_type", "MD5")
          .containsEntry("result_code", "SUCCESS")
          .containsEntry("out_trade_no", "ORDER001")
          .containsEntry("transaction_id", "2026112322001400000000000001")
          .containsEntry("total_fee", "10000")
          .containsEntry("cash_fee", "10000")
          .containsEntry("fee_type", "CNY")
          .containsEntry("trade_type", "NATIVE")
          .containsEntry("time_end", "20261123160000")
          .containsEntry("notify_id", event.notifyId())
          .containsKeys("nonce_str", "sign")
          .doesNotContainKeys("err_code", "err_code_des");
      assertThat(sdkRead(callback).get("nonce_str")).hasSize(32);
    }

    @ParameterizedTest
    @EnumSource(names = {"FAILED", "CANCELLED", "TIMEOUT"})
    void sendsAnUnsuccessfulPaymentWithResultCodeFailAndAnErrCode(PaymentStatus status)
        throws Exception {
      var event = aPayment().status(status).build();

      var fields = sdkRead(format.build(event, MD5, NOW));

      assertThat(fields)
          .containsEntry("return_code", "SUCCESS")
          .containsEntry("result_code", "FAIL");
      assertThat(fields.get("err_code"))
          .isEqualTo(
              switch (status) {
                case CANCELLED -> "ORDERCLOSED";
                case TIMEOUT -> "ORDERTIMEOUT";
                default -> "PAYERROR";
              });
      assertThat(fields.get("err_code_des")).isNotBlank();
    }

    @Test
    void takesTheErrCodeDescriptionFromTheExtraEntries() throws Exception {
      var event = aPayment().status(PaymentStatus.FAILED).extra("err_code_des", "余额不足").build();

      var fields = sdkRead(format.build(event, MD5, NOW));

      assertThat(fields)
          .containsEntry("err_code", "PAYERROR")
          .containsEntry("err_code_des", "余额不足");
    }

    @Test
    void refusesAnErrCodeFromTheExtraEntriesSinceItCarriesTheStatus() {
      var event = aPayment().status(PaymentStatus.FAILED).extra("err_code", "ORDERCLOSED").build();

      assertThatThrownBy(() -> format.build(event, MD5, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("extra.err_code: is a reserved WECHAT_V2 field");
    }

    @Test
    void refusesRefundsPointingToWechatV3() {
      assertThat(format.refusal(PaymentStatus.REFUNDED))
          .hasValue(
              "a refund is not a WeChat Pay API v2 payment notification; use the WECHAT_V3 channel"
                  + " for refund notifications");
      assertThatThrownBy(() -> format.build(aPayment().refunded("1.00").build(), MD5, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("WECHAT_V3");
    }

    @Test
    void refusesAFractionOfAFen() {
      var event = aPayment().amount("99.999").build();

      assertThatThrownBy(() -> format.build(event, MD5, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("amount: 99.999 is not a whole number of fen");
    }

    @Test
    void keepsAwkwardValuesIntactThroughXml() throws Exception {
      var event = aPayment().extra(PaymentEvents.awkwardExtra()).build();

      var fields = sdkRead(format.build(event, MD5, NOW));

      assertThat(fields)
          .containsEntry("subject", "充值 100元 & 优惠=满减+1")
          .containsEntry("body", "a+b=c & d e ]]> end")
          .containsEntry("attach", "{\"channel\":\"小程序\",\"note\":\"a & b\"}");
    }

    @Test
    void refusesAnExtraKeyThatIsNoXmlElementName() {
      var event = aPayment().extra("a b<c", "x").build();

      assertThatThrownBy(() -> format.build(event, MD5, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("extra: key 'a b<c' is not an XML element name");
    }

    @Test
    void refusesAValueWithACharacterXmlCannotCarry() {
      var event = aPayment().extra("attach", "bell \u0007 rings").build();

      assertThatThrownBy(() -> format.build(event, MD5, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attach: contains a control character that XML cannot carry");
    }

    @Test
    void signsEachAttemptWithAFreshNonceButKeepsTheNotifyId() throws Exception {
      var event = aPayment().build();

      var first = sdkRead(format.build(event, MD5, NOW));
      var second = sdkRead(format.build(event, MD5, NOW.plusSeconds(15)));

      assertThat(second.get("notify_id")).isEqualTo(first.get("notify_id"));
      assertThat(second.get("nonce_str")).isNotEqualTo(first.get("nonce_str"));
      assertThat(second.get("sign")).isNotEqualTo(first.get("sign"));
    }

    @Test
    void neverShowsKeyMaterial() {
      assertThat(MD5.toString()).doesNotContain(API_KEY).contains("apiKey=redacted");
      assertThat(MD5_KEYS.toString()).doesNotContain(API_KEY);
    }
  }

  @Nested
  class OfficialSdk {

    @ParameterizedTest
    @MethodSource("com.paynotify.channel.WechatV2FormatTest#everySignTypeAndEvent")
    void isSignatureValidAcceptsEveryEvent(SignType signType, PaymentEvent event) throws Exception {
      var fields = sdkRead(format.build(event, credentials(signType), NOW));

      boolean valid = WXPayUtil.isSignatureValid(fields, API_KEY, sdkSignType(signType));

      assertThat(valid).isTrue();
    }

    @Test
    void isSignatureValidOfTheRawXmlAcceptsMd5() throws Exception {
      var callback = format.build(aPayment().extra(PaymentEvents.awkwardExtra()).build(), MD5, NOW);

      assertThat(WXPayUtil.isSignatureValid(callback.bodyText(), API_KEY)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SignType.class)
    void isSignatureValidRejectsItUnderAnotherKey(SignType signType) throws Exception {
      var fields = sdkRead(format.build(aPayment().build(), credentials(signType), NOW));

      assertThat(WXPayUtil.isSignatureValid(fields, OTHER_API_KEY, sdkSignType(signType)))
          .isFalse();
    }

    @ParameterizedTest
    @EnumSource(SignType.class)
    void ourVerifyAcceptsWhatTheSdkSigns(SignType signType) throws Exception {
      var fields = new LinkedHashMap<String, String>();
      fields.put("return_code", "SUCCESS");
      fields.put("appid", APP_ID);
      fields.put("mch_id", MCH_ID);
      fields.put("nonce_str", WXPayUtil.generateNonceStr());
      fields.put("sign_type", signType.wireName());
      fields.put("result_code", "SUCCESS");
      fields.put("out_trade_no", "ORDER077");
      fields.put("transaction_id", "4200000077");
      fields.put("total_fee", "7700");
      fields.put("fee_type", "CNY");
      fields.put("attach", "充值 & 优惠=满减+1 {\"a\":1}");
      var xml = WXPayUtil.generateSignedXml(fields, API_KEY, sdkSignType(signType));
      var keys = new VerificationKeys.WechatV2(List.of(API_KEY), signType);

      var verified =
          format.verify(received(xml.getBytes(StandardCharsets.UTF_8)), keys, NOW, Duration.ZERO);

      assertThat(verified.orderNo()).isEqualTo("ORDER077");
      assertThat(verified.notifyId()).isEqualTo("4200000077");
      assertThat(verified.amount()).isEqualByComparingTo("77.00");
      assertThat(verified.rawFields()).containsEntry("attach", "充值 & 优惠=满减+1 {\"a\":1}");
    }
  }

  @Nested
  class Judging {

    @Test
    void acceptsAnXmlReplyWithReturnCodeSuccess() {
      assertThat(
              format.judge(
                  200,
                  "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"))
          .isEqualTo(AckVerdict.ACCEPTED);
      assertThat(
              format.judge(
                  200,
                  "<?xml version=\"1.0\"?>\n<xml>\n  <return_code>SUCCESS</return_code>\n</xml>\n"))
          .isEqualTo(AckVerdict.ACCEPTED);
    }

    @Test
    void acceptsAReplyWhoseResultCodeIsSuccessToo() {
      assertThat(
              format.judge(
                  200,
                  "<xml><return_code>SUCCESS</return_code><result_code><![CDATA[SUCCESS]]></result_code></xml>"))
          .isEqualTo(AckVerdict.ACCEPTED);
    }

    @Test
    void rejectsAReplyWhoseResultCodeIsPresentAndNotSuccess() {
      assertThat(
              format.judge(
                  200,
                  "<xml><return_code>SUCCESS</return_code><result_code><![CDATA[FAIL]]></result_code>"
                      + "<err_code_des>order locked</err_code_des></xml>"))
          .isEqualTo(AckVerdict.REJECTED_BODY);
      assertThat(
              format.judge(
                  200, "<xml><return_code>SUCCESS</return_code><result_code></result_code></xml>"))
          .isEqualTo(AckVerdict.REJECTED_BODY);
    }

    @Test
    void rejectsAnyOtherReply() {
      assertThat(format.judge(200, "<xml><return_code><![CDATA[FAIL]]></return_code></xml>"))
          .isEqualTo(AckVerdict.REJECTED_BODY);
      assertThat(format.judge(200, "success")).isEqualTo(AckVerdict.REJECTED_BODY);
      assertThat(format.judge(200, "")).isEqualTo(AckVerdict.REJECTED_BODY);
      assertThat(format.judge(200, "<root><return_code>SUCCESS</return_code></root>"))
          .isEqualTo(AckVerdict.REJECTED_BODY);
      assertThat(format.judge(500, "<xml><return_code>SUCCESS</return_code></xml>"))
          .isEqualTo(AckVerdict.REJECTED_STATUS);
    }

    @Test
    void rejectsAReplyWithADtdInsteadOfExpandingItsEntities() {
      var internal =
          "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY ok"
              + " \"SUCCESS\">]><xml><return_code>&ok;</return_code></xml>";
      var external =
          "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY ok SYSTEM"
              + " \"file:///etc/hostname\">]><xml><return_code>&ok;</return_code></xml>";

      assertThat(format.judge(200, internal)).isEqualTo(AckVerdict.REJECTED_BODY);
      assertThat(format.judge(200, external)).isEqualTo(AckVerdict.REJECTED_BODY);
    }

    @Test
    void answersTheXmlWechatPayExpects() {
      var success = format.successAck();
      var failure = format.failureAck("签名失败 ]]> <bad> \u0000");

      assertThat(success.bodyText())
          .isEqualTo(
              "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>");
      assertThat(success.httpStatus()).isEqualTo(200);
      assertThat(format.judge(success.httpStatus(), success.bodyText()))
          .isEqualTo(AckVerdict.ACCEPTED);
      assertThat(failure.bodyText()).startsWith("<xml><return_code><![CDATA[FAIL]]></return_code>");
      assertThat(SafeXml.read(failure.body()))
          .containsEntry("return_code", "FAIL")
          .containsEntry("return_msg", "签名失败 ]]> <bad> ?");
      assertThat(format.judge(failure.httpStatus(), failure.bodyText()))
          .isEqualTo(AckVerdict.REJECTED_BODY);
    }
  }

  @Nested
  class Verifying {

    @ParameterizedTest
    @MethodSource("com.paynotify.channel.WechatV2FormatTest#everySignTypeAndEvent")
    void readsBackEveryEventItSent(SignType signType, PaymentEvent event) {
      var callback = format.build(event, credentials(signType), NOW);
      var keys = new VerificationKeys.WechatV2(List.of(API_KEY), signType);

      var verified = format.verify(received(callback.body()), keys, NOW, Duration.ZERO);

      assertThat(verified)
          .isEqualTo(
              new VerifiedEvent(
                  Channel.WECHAT_V2,
                  event.notifyId(),
                  "ORDER001",
                  "2026112322001400000000000001",
                  event.paymentStatus(),
                  new java.math.BigDecimal("100.00"),
                  null,
                  "CNY",
                  verified.rawFields()));
      assertThat(verified.rawFields()).containsEntry("body", "a+b=c & d e ]]> end");
    }

    @Test
    void acceptsAnyOfSeveralKeysDuringARotation() {
      var callback = format.build(aPayment().build(), MD5, NOW);
      var keys = new VerificationKeys.WechatV2(List.of(OTHER_API_KEY, API_KEY), SignType.MD5);

      assertThat(format.verify(received(callback.body()), keys, NOW, Duration.ZERO).orderNo())
          .isEqualTo("ORDER001");
    }

    @Test
    void rejectsASignatureUnderAnotherKey() {
      var callback = format.build(aPayment().build(), MD5, NOW);
      var keys = new VerificationKeys.WechatV2(List.of(OTHER_API_KEY), SignType.MD5);

      assertRejected(callback.body(), keys, Check.SIGNATURE, "sign matches no configured API key");
    }

    @Test
    void rejectsATamperedAmount() {
      var tampered =
          format.build(aPayment().build(), MD5, NOW).bodyText().replace("[10000]", "[1]");

      assertRejected(
          tampered.getBytes(StandardCharsets.UTF_8), MD5_KEYS, Check.SIGNATURE, "sign matches no");
    }

    @Test
    void rejectsAnotherSignTypeThanTheConfiguredOne() {
      var callback = format.build(aPayment().build(), HMAC, NOW);

      assertRejected(
          callback.body(),
          MD5_KEYS,
          Check.SIGNATURE,
          "sign_type HMAC-SHA256 is not the accepted MD5");
    }

    @Test
    void rejectsACallbackWithoutSign() {
      var unsigned =
          format.build(aPayment().build(), MD5, NOW).bodyText().replaceAll("<sign>.*?</sign>", "");

      assertRejected(
          unsigned.getBytes(StandardCharsets.UTF_8),
          MD5_KEYS,
          Check.MALFORMED,
          "field sign is missing");
    }

    @Test
    void rejectsMalformedXml() {
      assertRejected(
          "<xml><a>".getBytes(StandardCharsets.UTF_8),
          MD5_KEYS,
          Check.MALFORMED,
          "not well-formed XML");
      assertRejected(
          "{\"json\":1}".getBytes(StandardCharsets.UTF_8),
          MD5_KEYS,
          Check.MALFORMED,
          "not well-formed XML");
      assertRejected(
          "<root><a>1</a></root>".getBytes(StandardCharsets.UTF_8),
          MD5_KEYS,
          Check.MALFORMED,
          "the root element is <root>");
      assertRejected(
          "<xml><a>1</a><a>2</a></xml>".getBytes(StandardCharsets.UTF_8),
          MD5_KEYS,
          Check.MALFORMED,
          "<a> appears twice");
    }

    @Test
    void rejectsADoctypeWithoutExpandingIt() {
      var xxe =
          "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM"
              + " \"file:///etc/passwd\">]><xml><return_code>SUCCESS</return_code><attach>&x;</attach></xml>";

      assertRejected(
          xxe.getBytes(StandardCharsets.UTF_8), MD5_KEYS, Check.MALFORMED, "without a DOCTYPE");
    }

    @Test
    void rejectsANotificationWhoseReturnCodeIsFail() {
      var fail =
          "<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名失败]]></return_msg></xml>";

      assertRejected(
          fail.getBytes(StandardCharsets.UTF_8), MD5_KEYS, Check.MALFORMED, "return_code is FAIL");
    }

    void assertRejected(byte[] body, VerificationKeys keys, Check check, String message) {
      assertThatThrownBy(() -> format.verify(received(body), keys, NOW, Duration.ZERO))
          .isInstanceOfSatisfying(
              InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(check))
          .hasMessageContaining(message)
          .message()
          .doesNotContain(API_KEY)
          .doesNotContain(OTHER_API_KEY);
    }
  }

  static ReceivedCallback received(byte[] body) {
    return new ReceivedCallback(Map.of("Content-Type", "text/xml"), body);
  }
}
