package com.paynotify.channel;

import static com.paynotify.channel.PaymentEvents.NOW;
import static com.paynotify.channel.PaymentEvents.aPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.InvalidCallbackException.Check;
import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.cipher.AeadAesCipher;
import com.wechat.pay.java.core.cipher.RSASigner;
import com.wechat.pay.java.core.exception.WechatPayException;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import com.wechat.pay.java.service.refund.model.Status;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WechatV3FormatTest {
  static final String MCH_ID = "1900000109";
  static final String APP_ID = "wxd678efh567hg6787";
  static final WechatV3Credentials CREDENTIALS =
      new WechatV3Credentials(
          MCH_ID,
          APP_ID,
          TestKeys.PLATFORM.getPrivate(),
          TestKeys.PUBLIC_KEY_ID,
          TestKeys.APIV3_KEY);
  static final VerificationKeys.WechatV3 KEYS =
      new VerificationKeys.WechatV3(
          Map.of(TestKeys.PUBLIC_KEY_ID, TestKeys.PLATFORM.getPublic()),
          List.of(TestKeys.APIV3_KEY));
  static final Duration TOLERANCE = WechatV3Format.DEFAULT_TOLERANCE;
  static final JsonMapper JSON = JsonMapper.builder().build();

  final ChannelFormat format = ChannelFormat.of(Channel.WECHAT_V3);

  /** The two ways a merchant's {@code wechatpay-java} handler can hold the platform public key. */
  enum SdkConfig {
    PUBLIC_KEY_NOTIFICATION_CONFIG,
    PUBLIC_KEY_CONFIG;

    NotificationParser parser(PublicKey publicKey, String apiV3Key) {
      return switch (this) {
        case PUBLIC_KEY_NOTIFICATION_CONFIG ->
            new NotificationParser(
                new RSAPublicKeyNotificationConfig.Builder()
                    .publicKey(publicKey)
                    .publicKeyId(TestKeys.PUBLIC_KEY_ID)
                    .apiV3Key(apiV3Key)
                    .build());
        case PUBLIC_KEY_CONFIG ->
            new NotificationParser(
                new RSAPublicKeyConfig.Builder()
                    .merchantId(MCH_ID)
                    .privateKey(TestKeys.MERCHANT.getPrivate())
                    .merchantSerialNumber("5157F09EFDC096DE15EBE81A47057A7232F1B8E1")
                    .publicKey(publicKey)
                    .publicKeyId(TestKeys.PUBLIC_KEY_ID)
                    .apiV3Key(apiV3Key)
                    .build());
      };
    }

    NotificationParser parser() {
      return parser(TestKeys.PLATFORM.getPublic(), TestKeys.APIV3_KEY);
    }
  }

  /** What a merchant's handler hands the SDK: the four headers and the body text. */
  static RequestParam requestParam(Callback callback) {
    var headers = callback.headers();
    return new RequestParam.Builder()
        .serialNumber(headers.get("Wechatpay-Serial"))
        .nonce(headers.get("Wechatpay-Nonce"))
        .signature(headers.get("Wechatpay-Signature"))
        .timestamp(headers.get("Wechatpay-Timestamp"))
        .signType(headers.get("Wechatpay-Signature-Type"))
        .body(callback.bodyText())
        .build();
  }

  static JsonNode json(byte[] body) {
    return JSON.readTree(body);
  }

  @Nested
  class Building {

    @Test
    void sendsAnEncryptedTransactionSuccessNotification() {
      var event = aPayment().build();

      var callback = format.build(event, CREDENTIALS, NOW);

      var body = json(callback.body());
      assertThat(callback.contentType()).isEqualTo("application/json");
      assertThat(body.path("id").asString()).isEqualTo(event.notifyId());
      assertThat(body.path("create_time").asString()).isEqualTo("2026-11-23T16:00:00+08:00");
      assertThat(body.path("resource_type").asString()).isEqualTo("encrypt-resource");
      assertThat(body.path("event_type").asString()).isEqualTo("TRANSACTION.SUCCESS");
      assertThat(body.path("summary").asString()).isEqualTo("支付成功");
      var resource = body.path("resource");
      assertThat(resource.path("original_type").asString()).isEqualTo("transaction");
      assertThat(resource.path("algorithm").asString()).isEqualTo("AEAD_AES_256_GCM");
      assertThat(resource.path("associated_data").asString()).isEqualTo("transaction");
      assertThat(resource.path("nonce").asString()).hasSize(12).isASCII();
      assertThat(callback.bodyText()).doesNotContain("ORDER001");
    }

    @Test
    void sendsARefundSuccessNotificationForARefund() {
      var event = aPayment().refunded("40.50").build();

      var body = json(format.build(event, CREDENTIALS, NOW).body());

      assertThat(body.path("event_type").asString()).isEqualTo("REFUND.SUCCESS");
      assertThat(body.path("summary").asString()).isEqualTo("退款成功");
      assertThat(body.path("resource").path("original_type").asString()).isEqualTo("refund");
      assertThat(body.path("resource").path("associated_data").asString()).isEqualTo("refund");
    }

    @Test
    void signsWithTheWechatpayHeaders() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);

      assertThat(callback.headers())
          .containsOnlyKeys(
              "Wechatpay-Timestamp",
              "Wechatpay-Nonce",
              "Wechatpay-Signature",
              "Wechatpay-Serial",
              "Wechatpay-Signature-Type")
          .containsEntry("Wechatpay-Timestamp", Long.toString(NOW.getEpochSecond()))
          .containsEntry("Wechatpay-Serial", TestKeys.PUBLIC_KEY_ID)
          .containsEntry("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
    }

    @Test
    void encryptsAndSignsEachAttemptAfreshButKeepsTheNotificationId() {
      var event = aPayment().build();

      var first = format.build(event, CREDENTIALS, NOW);
      var second = format.build(event, CREDENTIALS, NOW.plusSeconds(15));

      assertThat(json(second.body()).path("id")).isEqualTo(json(first.body()).path("id"));
      assertThat(json(second.body()).path("resource").path("nonce"))
          .isNotEqualTo(json(first.body()).path("resource").path("nonce"));
      assertThat(second.headers().get("Wechatpay-Nonce"))
          .isNotEqualTo(first.headers().get("Wechatpay-Nonce"));
      assertThat(second.headers().get("Wechatpay-Timestamp"))
          .isEqualTo(Long.toString(NOW.getEpochSecond() + 15));
    }

    @ParameterizedTest
    @EnumSource(names = {"FAILED", "CANCELLED", "TIMEOUT"})
    void refusesFailedCancelledAndTimedOutPaymentsAsWechatPayNeverNotifiesThem(
        PaymentStatus status) {
      var refusal = format.refusal(status);

      assertThat(refusal)
          .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith(
              "WeChat Pay sends no notification for a failed, cancelled or timed-out payment")
          .contains(status.name());
      assertThatThrownBy(() -> format.build(aPayment().status(status).build(), CREDENTIALS, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("WeChat Pay sends no notification");
    }

    @Test
    void refusesAFractionOfAFen() {
      var event = aPayment().amount("0.001").build();

      assertThatThrownBy(() -> format.build(event, CREDENTIALS, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("amount: 0.001 is not a whole number of fen");
    }

    @Test
    void refusesARefundedAmountWithAFractionOfAFen() {
      var event = aPayment().refunded("10.101").build();

      assertThatThrownBy(() -> format.build(event, CREDENTIALS, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("refundAmount: 10.101 is not a whole number of fen");
    }

    @Test
    void refusesAnApiV3KeyThatIsNot32Bytes() {
      assertThatThrownBy(
              () ->
                  new WechatV3Credentials(
                      MCH_ID,
                      APP_ID,
                      TestKeys.PLATFORM.getPrivate(),
                      TestKeys.PUBLIC_KEY_ID,
                      "short"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("apiV3Key: must be 32 bytes (AES-256), got 5 bytes");
    }

    @Test
    void neverShowsKeyMaterial() {
      assertThat(CREDENTIALS.toString())
          .doesNotContain(TestKeys.APIV3_KEY)
          .contains("apiV3Key=redacted", "platformKey=redacted", TestKeys.PUBLIC_KEY_ID);
      assertThat(KEYS.toString()).doesNotContain(TestKeys.APIV3_KEY);
    }
  }

  @Nested
  class OfficialSdk {

    @ParameterizedTest
    @EnumSource(SdkConfig.class)
    void notificationParserReadsAPaymentWithEveryFieldAsSent(SdkConfig config) {
      var event =
          aPayment()
              .amount("1234.56")
              .extra(PaymentEvents.awkwardExtra())
              .extra("trade_type", "JSAPI")
              .extra("bank_type", "CMC")
              .extra("payer", Map.of("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"))
              .paidAt("2026-11-23T07:59:41Z")
              .build();
      var callback = format.build(event, CREDENTIALS, NOW);

      var transaction = config.parser().parse(requestParam(callback), Transaction.class);

      assertThat(transaction.getAppid()).isEqualTo(APP_ID);
      assertThat(transaction.getMchid()).isEqualTo(MCH_ID);
      assertThat(transaction.getOutTradeNo()).isEqualTo("ORDER001");
      assertThat(transaction.getTransactionId()).isEqualTo("2026112322001400000000000001");
      assertThat(transaction.getTradeType()).isEqualTo(Transaction.TradeTypeEnum.JSAPI);
      assertThat(transaction.getTradeState()).isEqualTo(Transaction.TradeStateEnum.SUCCESS);
      assertThat(transaction.getTradeStateDesc()).isEqualTo("支付成功");
      assertThat(transaction.getBankType()).isEqualTo("CMC");
      assertThat(transaction.getAttach()).isEqualTo("{\"channel\":\"小程序\",\"note\":\"a & b\"}");
      // The payment time given, in Beijing time, not when the notification was made (16:00:00).
      assertThat(transaction.getSuccessTime()).isEqualTo("2026-11-23T15:59:41+08:00");
      assertThat(transaction.getPayer().getOpenid()).isEqualTo("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
      assertThat(transaction.getAmount().getTotal()).isEqualTo(123456);
      assertThat(transaction.getAmount().getPayerTotal()).isEqualTo(123456);
      assertThat(transaction.getAmount().getCurrency()).isEqualTo("CNY");
      assertThat(transaction.getAmount().getPayerCurrency()).isEqualTo("CNY");
    }

    @ParameterizedTest
    @EnumSource(SdkConfig.class)
    void notificationParserReadsAPartialRefundWithEveryFieldAsSent(SdkConfig config) {
      var event =
          aPayment()
              .refunded("40.50")
              .extra("out_refund_no", "REFUND-7")
              .extra("refund_id", "50000000382019052709732678859")
              .extra("user_received_account", "招商银行信用卡0403")
              .paidAt("2026-11-20T01:00:00Z")
              .refundedAt("2026-11-23T07:30:00Z")
              .build();
      var callback = format.build(event, CREDENTIALS, NOW);

      var refund = config.parser().parse(requestParam(callback), RefundNotification.class);

      assertThat(refund.getOutTradeNo()).isEqualTo("ORDER001");
      assertThat(refund.getTransactionId()).isEqualTo("2026112322001400000000000001");
      assertThat(refund.getOutRefundNo()).isEqualTo("REFUND-7");
      assertThat(refund.getRefundId()).isEqualTo("50000000382019052709732678859");
      assertThat(refund.getRefundStatus()).isEqualTo(Status.SUCCESS);
      assertThat(refund.getSuccessTime()).isEqualTo("2026-11-23T15:30:00+08:00");
      assertThat(refund.getUserReceivedAccount()).isEqualTo("招商银行信用卡0403");
      assertThat(refund.getAmount().getTotal()).isEqualTo(10000L);
      assertThat(refund.getAmount().getRefund()).isEqualTo(4050L);
      assertThat(refund.getAmount().getPayerTotal()).isEqualTo(10000L);
      assertThat(refund.getAmount().getPayerRefund()).isEqualTo(4050L);
      assertThat(refund.getAmount().getCurrency()).isEqualTo("CNY");
    }

    @ParameterizedTest
    @EnumSource(SdkConfig.class)
    void notificationParserReadsAFullRefund(SdkConfig config) {
      var callback = format.build(aPayment().refunded("100.00").build(), CREDENTIALS, NOW);

      var refund = config.parser().parse(requestParam(callback), RefundNotification.class);

      assertThat(refund.getAmount().getRefund())
          .isEqualTo(refund.getAmount().getTotal())
          .isEqualTo(10000L);
      assertThat(refund.getOutRefundNo()).isEqualTo("ORDER001");
      assertThat(refund.getRefundId()).isEqualTo("ntf_01JDTESTNOTIFY0000000001");
    }

    @ParameterizedTest
    @EnumSource(SdkConfig.class)
    void notificationParserRejectsItUnderAnotherPublicKey(SdkConfig config) {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var parser = config.parser(TestKeys.OTHER.getPublic(), TestKeys.APIV3_KEY);

      assertThatThrownBy(() -> parser.parse(requestParam(callback), Transaction.class))
          .isInstanceOf(WechatPayException.class);
    }

    @Test
    void notificationParserCannotDecryptItWithAnotherApiV3Key() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var parser =
          SdkConfig.PUBLIC_KEY_NOTIFICATION_CONFIG.parser(
              TestKeys.PLATFORM.getPublic(), TestKeys.OTHER_APIV3_KEY);

      assertThatThrownBy(() -> parser.parse(requestParam(callback), Transaction.class))
          .isInstanceOf(RuntimeException.class);
    }

    @Test
    void ourVerifyAcceptsWhatTheSdkEncryptsAndSigns() {
      var transaction =
          "{\"appid\":\""
              + APP_ID
              + "\",\"mchid\":\""
              + MCH_ID
              + "\",\"out_trade_no\":\"ORDER042\","
              + "\"transaction_id\":\"4200000000000042\",\"trade_type\":\"APP\","
              + "\"trade_state\":\"SUCCESS\",\"trade_state_desc\":\"支付成功\",\"success_time\":\"2026-11-23T16:00:00+08:00\",\"attach\":\"a"
              + " & b = c + d\","
              + "\"amount\":{\"total\":4200,\"payer_total\":4200,\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
      var nonce = "r4nd0mN0nc3x";
      var ciphertext =
          new AeadAesCipher(TestKeys.APIV3_KEY.getBytes(StandardCharsets.UTF_8))
              .encrypt(
                  "transaction".getBytes(StandardCharsets.UTF_8),
                  nonce.getBytes(StandardCharsets.UTF_8),
                  transaction.getBytes(StandardCharsets.UTF_8));
      var body =
          "{\"id\":\"EV-2018022511223320873\",\"create_time\":\"2026-11-23T16:00:00+08:00\","
              + "\"resource_type\":\"encrypt-resource\",\"event_type\":\"TRANSACTION.SUCCESS\","
              + "\"summary\":\"支付成功\",\"resource\":{\"original_type\":\"transaction\","
              + "\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\""
              + ciphertext
              + "\","
              + "\"associated_data\":\"transaction\",\"nonce\":\""
              + nonce
              + "\"}}";
      var timestamp = Long.toString(NOW.getEpochSecond());
      var headerNonce = "593BEC0C930BF1AFEB40B4A08C8FB242";
      var signature =
          new RSASigner(TestKeys.PUBLIC_KEY_ID, TestKeys.PLATFORM.getPrivate())
              .sign(timestamp + "\n" + headerNonce + "\n" + body + "\n")
              .getSign();
      var headers =
          Map.of(
              "Wechatpay-Timestamp", timestamp,
              "Wechatpay-Nonce", headerNonce,
              "Wechatpay-Signature", signature,
              "Wechatpay-Serial", TestKeys.PUBLIC_KEY_ID,
              "Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");

      var verified =
          format.verify(
              new ReceivedCallback(headers, body.getBytes(StandardCharsets.UTF_8)),
              KEYS,
              NOW,
              TOLERANCE);

      assertThat(verified.notifyId()).isEqualTo("EV-2018022511223320873");
      assertThat(verified.orderNo()).isEqualTo("ORDER042");
      assertThat(verified.transactionId()).isEqualTo("4200000000000042");
      assertThat(verified.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
      assertThat(verified.amount()).isEqualByComparingTo("42.00");
      assertThat(verified.rawFields()).containsEntry("attach", "a & b = c + d");
    }
  }

  @Nested
  class Judging {

    @Test
    void acceptsHttp200Or204WhateverTheBody() {
      assertThat(format.judge(200, "")).isEqualTo(AckVerdict.ACCEPTED);
      assertThat(format.judge(204, "")).isEqualTo(AckVerdict.ACCEPTED);
      assertThat(format.judge(200, "{\"code\":\"SUCCESS\"}")).isEqualTo(AckVerdict.ACCEPTED);
    }

    @Test
    void rejectsEveryOtherStatus() {
      assertThat(format.judge(202, "")).isEqualTo(AckVerdict.REJECTED_STATUS);
      assertThat(format.judge(400, "{\"code\":\"FAIL\",\"message\":\"失败\"}"))
          .isEqualTo(AckVerdict.REJECTED_STATUS);
      assertThat(format.judge(500, "{\"code\":\"FAIL\",\"message\":\"失败\"}"))
          .isEqualTo(AckVerdict.REJECTED_STATUS);
    }

    @Test
    void answersAnEmpty200OrAFailJsonWithItsMessage() {
      var success = format.successAck();
      var failure = format.failureAck("数据库 \"down\"");

      assertThat(success.httpStatus()).isEqualTo(200);
      assertThat(success.body()).isEmpty();
      assertThat(failure.httpStatus()).isEqualTo(500);
      assertThat(failure.contentType()).isEqualTo("application/json");
      assertThat(failure.bodyText())
          .isEqualTo("{\"code\":\"FAIL\",\"message\":\"数据库 \\\"down\\\"\"}");
      assertThat(format.judge(success.httpStatus(), success.bodyText()))
          .isEqualTo(AckVerdict.ACCEPTED);
      assertThat(format.judge(failure.httpStatus(), failure.bodyText()))
          .isEqualTo(AckVerdict.REJECTED_STATUS);
    }
  }

  @Nested
  class Verifying {

    @Test
    void readsBackAPayment() {
      var event = aPayment().amount("1234.56").extra(PaymentEvents.awkwardExtra()).build();
      var callback = format.build(event, CREDENTIALS, NOW);

      var verified = format.verify(received(callback), KEYS, NOW, TOLERANCE);

      assertThat(verified)
          .isEqualTo(
              new VerifiedEvent(
                  Channel.WECHAT_V3,
                  event.notifyId(),
                  "ORDER001",
                  "2026112322001400000000000001",
                  PaymentStatus.SUCCESS,
                  new java.math.BigDecimal("1234.56"),
                  null,
                  "CNY",
                  verified.rawFields()));
      assertThat(verified.rawFields())
          .containsEntry("amount.total", "123456")
          .containsEntry("subject", "充值 100元 & 优惠=满减+1")
          .containsEntry("extend_params.sys_service_provider_id", "2088 511833207846");
    }

    @Test
    void readsBackARefund() {
      var callback = format.build(aPayment().refunded("40.50").build(), CREDENTIALS, NOW);

      var verified = format.verify(received(callback), KEYS, NOW, TOLERANCE);

      assertThat(verified.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
      assertThat(verified.amount()).isEqualByComparingTo("100.00");
      assertThat(verified.refundAmount()).isEqualByComparingTo("40.50");
    }

    @Test
    void findsTheHeadersWhateverTheirCase() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var lowerCase = new HashMap<String, String>();
      callback.headers().forEach((name, value) -> lowerCase.put(name.toLowerCase(), value));

      var verified =
          format.verify(new ReceivedCallback(lowerCase, callback.body()), KEYS, NOW, TOLERANCE);

      assertThat(verified.orderNo()).isEqualTo("ORDER001");
    }

    @Test
    void acceptsTheOldAndNewKeysDuringARotation() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var keys =
          new VerificationKeys.WechatV3(
              Map.of(
                  "PUB_KEY_ID_NEW",
                  TestKeys.OTHER.getPublic(),
                  TestKeys.PUBLIC_KEY_ID,
                  TestKeys.PLATFORM.getPublic()),
              List.of(TestKeys.OTHER_APIV3_KEY, TestKeys.APIV3_KEY));

      var verified = format.verify(received(callback), keys, NOW, TOLERANCE);

      assertThat(verified.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
    }

    @Test
    void rejectsAStaleTimestamp() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var later = NOW.plus(TOLERANCE).plusSeconds(1);

      assertThatThrownBy(() -> format.verify(received(callback), KEYS, later, TOLERANCE))
          .isInstanceOfSatisfying(
              InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(Check.TIMESTAMP))
          .hasMessage(
              "TIMESTAMP: Wechatpay-Timestamp is 301s away from now, over the tolerance of 300s");
    }

    @Test
    void rejectsATimestampFromTheFuture() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW.plusSeconds(600));

      assertRejected(received(callback), KEYS, Check.TIMESTAMP, "Wechatpay-Timestamp is 600s away");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
        strings = {
          "Wechatpay-Timestamp",
          "Wechatpay-Nonce",
          "Wechatpay-Signature",
          "Wechatpay-Serial"
        })
    void rejectsACallbackWithoutAWechatpayHeader(String header) {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var headers = new HashMap<>(callback.headers());
      headers.remove(header);

      assertRejected(
          new ReceivedCallback(headers, callback.body()),
          KEYS,
          Check.MALFORMED,
          "header " + header + " is missing");
    }

    @Test
    void rejectsATimestampThatIsNotANumber() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var headers = new HashMap<>(callback.headers());
      headers.put("Wechatpay-Timestamp", "yesterday");

      assertRejected(
          new ReceivedCallback(headers, callback.body()), KEYS, Check.MALFORMED, "not a number");
    }

    @ParameterizedTest
    @CsvSource({
      "99999999999999999, TIMESTAMP, Wechatpay-Timestamp is out of the range of dates",
      "99999999999999999999, MALFORMED, header Wechatpay-Timestamp is not a number of seconds",
      "-1, MALFORMED, header Wechatpay-Timestamp is not a number of seconds",
    })
    void rejectsATimestampPastTheRangeOfDatesOrOfALong(
        String timestamp, Check check, String message) {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var headers = new HashMap<>(callback.headers());
      headers.put("Wechatpay-Timestamp", timestamp);

      assertRejected(new ReceivedCallback(headers, callback.body()), KEYS, check, message);
    }

    @Test
    void rejectsASerialThatNamesNoConfiguredKey() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var keys =
          new VerificationKeys.WechatV3(
              Map.of("PUB_KEY_ID_OTHER", TestKeys.PLATFORM.getPublic()),
              List.of(TestKeys.APIV3_KEY));

      assertRejected(
          received(callback),
          keys,
          Check.SIGNATURE,
          "Wechatpay-Serial names " + TestKeys.PUBLIC_KEY_ID);
    }

    @Test
    void rejectsASignatureUnderAnotherKey() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var keys =
          new VerificationKeys.WechatV3(
              Map.of(TestKeys.PUBLIC_KEY_ID, TestKeys.OTHER.getPublic()),
              List.of(TestKeys.APIV3_KEY));

      assertRejected(
          received(callback), keys, Check.SIGNATURE, "Wechatpay-Signature does not match");
    }

    @Test
    void rejectsATamperedBody() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var tampered = callback.bodyText().replace("支付成功", "支付失败").getBytes(StandardCharsets.UTF_8);

      assertRejected(
          new ReceivedCallback(callback.headers(), tampered),
          KEYS,
          Check.SIGNATURE,
          "does not match");
    }

    @Test
    void rejectsAnotherSignatureType() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var headers = new HashMap<>(callback.headers());
      headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SM2-WITH-SM3");

      assertRejected(
          new ReceivedCallback(headers, callback.body()),
          KEYS,
          Check.SIGNATURE,
          "names WECHATPAY2-SM2-WITH-SM3");
    }

    @Test
    void rejectsAResourceNoConfiguredApiV3KeyDecrypts() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var keys =
          new VerificationKeys.WechatV3(
              Map.of(TestKeys.PUBLIC_KEY_ID, TestKeys.PLATFORM.getPublic()),
              List.of(TestKeys.OTHER_APIV3_KEY));

      assertThatThrownBy(() -> format.verify(received(callback), keys, NOW, TOLERANCE))
          .isInstanceOfSatisfying(
              InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(Check.DECRYPT))
          .hasMessage("DECRYPT: resource could not be decrypted with any configured APIv3 key")
          .message()
          .doesNotContain(TestKeys.OTHER_APIV3_KEY);
    }

    @Test
    void rejectsASignedBodyThatIsNotJson() {
      var signed = signed("<xml>not json</xml>", TestKeys.PLATFORM.getPrivate());

      assertRejected(signed, KEYS, Check.MALFORMED, "the body is not JSON");
    }

    @Test
    void rejectsASignedBodyWithoutAResource() {
      var signed =
          signed(
              "{\"id\":\"x\",\"event_type\":\"TRANSACTION.SUCCESS\"}",
              TestKeys.PLATFORM.getPrivate());

      assertRejected(signed, KEYS, Check.MALFORMED, "field resource is missing");
    }

    @Test
    void rejectsAnotherAlgorithm() {
      var signed =
          signed(
              "{\"id\":\"x\",\"event_type\":\"TRANSACTION.SUCCESS\",\"resource\":{\"algorithm\":\"AES_128_CBC\",\"ciphertext\":\"AA==\",\"nonce\":\"n\"}}",
              TestKeys.PLATFORM.getPrivate());

      assertRejected(signed, KEYS, Check.MALFORMED, "resource.algorithm is AES_128_CBC");
    }

    ReceivedCallback received(Callback callback) {
      return new ReceivedCallback(callback.headers(), callback.body());
    }

    ReceivedCallback signed(String body, PrivateKey key) {
      var timestamp = Long.toString(NOW.getEpochSecond());
      var message = (timestamp + "\nnonce\n" + body + "\n").getBytes(StandardCharsets.UTF_8);
      var headers = new LinkedHashMap<String, String>();
      headers.put("Wechatpay-Timestamp", timestamp);
      headers.put("Wechatpay-Nonce", "nonce");
      headers.put(
          "Wechatpay-Signature",
          Base64.getEncoder().encodeToString(RsaKeys.sign("SHA256withRSA", key, message)));
      headers.put("Wechatpay-Serial", TestKeys.PUBLIC_KEY_ID);
      return new ReceivedCallback(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    void assertRejected(
        ReceivedCallback received, VerificationKeys keys, Check check, String message) {
      assertThatThrownBy(() -> format.verify(received, keys, NOW, TOLERANCE))
          .isInstanceOfSatisfying(
              InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(check))
          .hasMessageContaining(message);
    }
  }
}
