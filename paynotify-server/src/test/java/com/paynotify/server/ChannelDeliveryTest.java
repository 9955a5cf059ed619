package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.api.internal.util.AlipaySignature;
import com.github.wxpay.sdk.WXPayConstants;
import com.github.wxpay.sdk.WXPayUtil;
import com.paynotify.channel.RsaKeys;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Received;
import com.paynotify.testkit.FakeMerchant.Reply;
import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import com.wechat.pay.java.service.refund.model.Status;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The ALIPAY, WECHAT_V3 and WECHAT_V2 channels end to end: credentials set through the API, a
 * notification delivered by the real server over real HTTP to a local merchant, and what arrived
 * checked with the official SDKs using only what the API handed out.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:api;DB_CLOSE_DELAY=-1"
    })
class ChannelDeliveryTest {
  static final String API_V3_KEY = "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2";
  static final String V2_API_KEY = "192006250b4c09247ec02edce69f6a2d";
  static final String V2_SUCCESS =
      "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>";

  @LocalServerPort int port;
  Api api;
  final FakeMerchant merchant = FakeMerchant.start();
  String merchantId;

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    var created =
        api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop 商店\"}");
    assertThat(created.status()).isEqualTo(201);
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  Api.Answer setCredentials(String channel, String json) {
    return api.put("/api/v1/merchants/" + merchantId + "/channels/" + channel, json);
  }

  /** Creates a notification and returns its id. */
  String createNotification(
      String channel, String orderNo, String status, String amount, String moreJson) {
    var created =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"%s","channel":"%s","orderNo":"%s","transactionId":"4200000%s","paymentStatus":"%s",
         "amount":"%s","currency":"CNY","notifyUrl":"%s"%s}"""
                .formatted(
                    merchantId,
                    channel,
                    orderNo,
                    Math.abs(orderNo.hashCode()),
                    status,
                    amount,
                    merchant.url("/notify/" + orderNo),
                    moreJson));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.text("id");
  }

  Api.Answer await(String id, Predicate<Api.Answer> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    var answer = api.get("/api/v1/notifications/" + id);
    while (!condition.test(answer) && System.nanoTime() < deadline) {
      sleep();
      answer = api.get("/api/v1/notifications/" + id);
    }
    return answer;
  }

  Api.Answer awaitSucceeded(String id) {
    var answer = await(id, a -> "SUCCEEDED".equals(a.text("status")));
    assertThat(answer.text("status")).as(answer.body()).isEqualTo("SUCCEEDED");
    return answer;
  }

  /** Waits until the first attempt has ended, whatever its outcome. */
  Api.Answer awaitFirstAttempt(String id) {
    return await(
        id, a -> a.json().get("attempts").asInt() >= 1 && !"DELIVERING".equals(a.text("status")));
  }

  Received receivedFor(String orderNo) {
    return merchant.received().stream()
        .filter(r -> r.path().equals("/notify/" + orderNo))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("nothing arrived for " + orderNo));
  }

  static Map<String, String> form(Received request) {
    var params = new HashMap<String, String>();
    for (var pair : request.bodyText().split("&")) {
      var parts = pair.split("=", 2);
      params.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    return params;
  }

  static RequestParam wechatRequest(Received request) {
    return new RequestParam.Builder()
        .serialNumber(request.header("Wechatpay-Serial"))
        .nonce(request.header("Wechatpay-Nonce"))
        .signature(request.header("Wechatpay-Signature"))
        .timestamp(request.header("Wechatpay-Timestamp"))
        .signType(request.header("Wechatpay-Signature-Type"))
        .body(request.bodyText())
        .build();
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Nested
  class Alipay {

    @Test
    void aHandlerOnRsaCheckV1AcceptsAPaymentAClosedTradeAndARefundSignedWithTheIssuedKey()
        throws Exception {
      var issued = setCredentials("ALIPAY", "{\"appId\":\"2021000000000001\"}");
      var publicKey = issued.text("publicKey");

      var paid =
          createNotification(
              "ALIPAY",
              "A-PAID",
              "SUCCESS",
              "100.00",
              ",\"extra\":{\"subject\":\"咖啡 & tea=1+1\"},\"paidAt\":\"2026-11-30T02:15:30Z\"");
      var closed = createNotification("ALIPAY", "A-CLOSED", "FAILED", "20.00", "");
      var refunded =
          createNotification(
              "ALIPAY",
              "A-REFUND",
              "REFUNDED",
              "50.00",
              ",\"refundAmount\":\"12.50\",\"paidAt\":\"2026-11-30T10:15:30+08:00\",\"refundedAt\":\"2026-12-01T01:00:00.250Z\"");

      assertThat(issued.status()).isEqualTo(201);
      for (var id : List.of(paid, closed, refunded)) {
        awaitSucceeded(id);
      }
      var paidParams = form(receivedFor("A-PAID"));
      var closedParams = form(receivedFor("A-CLOSED"));
      var refundParams = form(receivedFor("A-REFUND"));
      for (var params : List.of(paidParams, closedParams, refundParams)) {
        assertThat(AlipaySignature.rsaCheckV1(new HashMap<>(params), publicKey, "UTF-8", "RSA2"))
            .as(params.toString())
            .isTrue();
        assertThat(params)
            .containsEntry("app_id", "2021000000000001")
            .containsEntry("sign_type", "RSA2");
      }
      assertThat(paidParams)
          .containsEntry("notify_id", paid)
          .containsEntry("trade_status", "TRADE_SUCCESS")
          .containsEntry("total_amount", "100.00")
          .containsEntry("subject", "咖啡 & tea=1+1");
      assertThat(closedParams).containsEntry("trade_status", "TRADE_CLOSED");
      assertThat(refundParams)
          .containsEntry("trade_status", "TRADE_SUCCESS")
          .containsEntry("refund_fee", "12.50");
      // The times given, in Beijing time as Alipay writes them, not when the notification was made.
      assertThat(paidParams).containsEntry("gmt_payment", "2026-11-30 10:15:30");
      assertThat(refundParams)
          .containsEntry("gmt_payment", "2026-11-30 10:15:30")
          .containsEntry("gmt_refund", "2026-12-01 09:00:00.250");
    }

    @Test
    void aPaymentPaidAndRefundedArrivesWithItsOwnTimesInBeijingTime() throws Exception {
      PaymentTimesFlow.alipay(api, merchant, merchantId);
    }

    @Test
    void aLegacyHandlerCheckingRsaVerifiesWithTheSameIssuedKey() throws Exception {
      var issued =
          setCredentials("ALIPAY", "{\"appId\":\"2021000000000002\",\"signType\":\"RSA\"}");

      var id = createNotification("ALIPAY", "A-RSA", "SUCCESS", "9.90", "");

      awaitSucceeded(id);
      var params = form(receivedFor("A-RSA"));
      assertThat(params).containsEntry("sign_type", "RSA");
      assertThat(
              AlipaySignature.rsaCheckV1(
                  new HashMap<>(params), issued.text("publicKey"), "UTF-8", "RSA"))
          .isTrue();
    }

    @Test
    void anAnswerOtherThanSuccessIsAFailedAttempt() {
      setCredentials("ALIPAY", "{\"appId\":\"2021000000000001\"}");
      merchant.alwaysReply(Reply.ok("fail"));

      var id = createNotification("ALIPAY", "A-NACK", "SUCCESS", "1.00", "");

      var answer = awaitFirstAttempt(id);
      assertThat(answer.text("status")).isEqualTo("PENDING");
      assertThat(answer.json().get("history").get(0).get("errorKind").asString())
          .isEqualTo("BAD_ACK");
    }

    @Test
    void aRotatedKeySignsTheNextNotificationAtOnce() throws Exception {
      var imported = RsaKeys.generate();
      var first =
          setCredentials(
              "ALIPAY",
              "{\"appId\":\"2021000000000001\",\"privateKey\":\""
                  + pem(imported.getPrivate())
                  + "\"}");
      var signTypeOnly = setCredentials("ALIPAY", "{\"signType\":\"RSA2\"}");

      var rotated = setCredentials("ALIPAY", "{\"rotateKey\":true}");
      var id = createNotification("ALIPAY", "A-ROTATED", "SUCCESS", "3.00", "");

      assertThat(first.text("publicKey")).isEqualTo(RsaKeys.publicKeyBase64(imported.getPublic()));
      assertThat(signTypeOnly.status()).isEqualTo(200);
      assertThat(signTypeOnly.text("publicKey")).isEqualTo(first.text("publicKey"));
      assertThat(rotated.text("publicKey")).isNotEqualTo(first.text("publicKey"));
      awaitSucceeded(id);
      var params = form(receivedFor("A-ROTATED"));
      assertThat(
              AlipaySignature.rsaCheckV1(
                  new HashMap<>(params), rotated.text("publicKey"), "UTF-8", "RSA2"))
          .isTrue();
      assertThat(
              AlipaySignature.rsaCheckV1(
                  new HashMap<>(params), first.text("publicKey"), "UTF-8", "RSA2"))
          .isFalse();
    }
  }

  @Nested
  class WechatPayV3 {

    @Test
    void aHandlerOnNotificationParserReadsAPaymentAndARefundWithTheIssuedKeyAndId() {
      var issued =
          setCredentials(
              "WECHAT_V3",
              "{\"mchId\":\"1900000109\",\"appId\":\"wxd678efh567hg6787\",\"apiV3Key\":\""
                  + API_V3_KEY
                  + "\"}");
      var parser =
          new NotificationParser(
              new RSAPublicKeyNotificationConfig.Builder()
                  .publicKey(issued.text("publicKeyPem"))
                  .publicKeyId(issued.text("publicKeyId"))
                  .apiV3Key(API_V3_KEY)
                  .build());
      var apiParser =
          new NotificationParser(
              new RSAPublicKeyConfig.Builder()
                  .merchantId("1900000109")
                  .privateKey(RsaKeys.generate().getPrivate())
                  .merchantSerialNumber("5157F09EFDC096DE15EBE81A47057A7232F1B8E1")
                  .publicKey(issued.text("publicKeyPem"))
                  .publicKeyId(issued.text("publicKeyId"))
                  .apiV3Key(API_V3_KEY)
                  .build());
      merchant.alwaysReply(Reply.status(204));

      var paid =
          createNotification(
              "WECHAT_V3",
              "W-PAID",
              "SUCCESS",
              "100.00",
              ",\"extra\":{\"trade_type\":\"JSAPI\"},\"paidAt\":\"2026-11-30T02:15:30Z\"");
      var refunded =
          createNotification(
              "WECHAT_V3",
              "W-REFUND",
              "REFUNDED",
              "100.00",
              ",\"refundAmount\":\"40.50\",\"refundedAt\":\"2026-12-01T09:00:00+08:00\"");

      assertThat(issued.status()).isEqualTo(201);
      assertThat(issued.text("publicKeyId")).matches("PUB_KEY_ID_\\d{34}");
      awaitSucceeded(paid);
      awaitSucceeded(refunded);
      var payment = receivedFor("W-PAID");
      var transaction = parser.parse(wechatRequest(payment), Transaction.class);
      var sameTransaction = apiParser.parse(wechatRequest(payment), Transaction.class);
      var refund = parser.parse(wechatRequest(receivedFor("W-REFUND")), RefundNotification.class);
      assertThat(payment.header("Wechatpay-Serial")).isEqualTo(issued.text("publicKeyId"));
      assertThat(transaction.getMchid()).isEqualTo("1900000109");
      assertThat(transaction.getAppid()).isEqualTo("wxd678efh567hg6787");
      assertThat(transaction.getOutTradeNo()).isEqualTo("W-PAID");
      assertThat(transaction.getTradeState()).isEqualTo(Transaction.TradeStateEnum.SUCCESS);
      assertThat(transaction.getAmount().getTotal()).isEqualTo(10000);
      assertThat(sameTransaction.getOutTradeNo()).isEqualTo("W-PAID");
      assertThat(refund.getOutTradeNo()).isEqualTo("W-REFUND");
      assertThat(refund.getRefundStatus()).isEqualTo(Status.SUCCESS);
      assertThat(refund.getAmount().getRefund()).isEqualTo(4050L);
      assertThat(transaction.getSuccessTime()).isEqualTo("2026-11-30T10:15:30+08:00");
      assertThat(refund.getSuccessTime()).isEqualTo("2026-12-01T09:00:00+08:00");
    }

    @Test
    void aPaymentPaidAndRefundedArrivesWithItsOwnSuccessTimesAtPlusEight() {
      PaymentTimesFlow.wechatV3(api, merchant, merchantId);
    }

    @Test
    void aFailureStatusIsAFailedAttempt() {
      setCredentials(
          "WECHAT_V3",
          "{\"mchId\":\"1900000109\",\"appId\":\"wxd678efh567hg6787\",\"apiV3Key\":\""
              + API_V3_KEY
              + "\"}");
      merchant.alwaysReply(Reply.status(500, "{\"code\":\"FAIL\",\"message\":\"失败\"}"));

      var id = createNotification("WECHAT_V3", "W-NACK", "SUCCESS", "1.00", "");

      var answer = awaitFirstAttempt(id);
      assertThat(answer.text("status")).isEqualTo("PENDING");
      assertThat(answer.json().get("lastHttpStatus").asInt()).isEqualTo(500);
    }

    @Test
    void aNewKeyComesWithANewPublicKeyIdWhileOtherChangesKeepBoth() {
      var first =
          setCredentials(
              "WECHAT_V3",
              "{\"mchId\":\"1900000109\",\"appId\":\"wx1\",\"apiV3Key\":\""
                  + API_V3_KEY
                  + "\",\"publicKeyId\":\"PUB_KEY_ID_0114\"}");

      var renamed = setCredentials("WECHAT_V3", "{\"appId\":\"wx2\"}");
      var rotated = setCredentials("WECHAT_V3", "{\"rotateKey\":true}");

      assertThat(first.text("publicKeyId")).isEqualTo("PUB_KEY_ID_0114");
      assertThat(renamed.text("publicKeyId")).isEqualTo("PUB_KEY_ID_0114");
      assertThat(renamed.text("publicKey")).isEqualTo(first.text("publicKey"));
      assertThat(renamed.text("appId")).isEqualTo("wx2");
      assertThat(rotated.text("publicKeyId"))
          .startsWith("PUB_KEY_ID_")
          .isNotEqualTo("PUB_KEY_ID_0114");
      assertThat(rotated.text("publicKey")).isNotEqualTo(first.text("publicKey"));
    }
  }

  @Nested
  class WechatPayV2 {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"MD5, MD5", "HMAC-SHA256, HMACSHA256"})
    void aHandlerOnWxPayUtilVerifiesAPaymentAndAFailureWithTheApiKey(
        String signType, WXPayConstants.SignType sdkType) throws Exception {
      var issued =
          setCredentials(
              "WECHAT_V2",
              "{\"appId\":\"wx2421b1c4370ec43b\",\"mchId\":\"10000100\",\"apiKey\":\""
                  + V2_API_KEY
                  + "\",\"signType\":\""
                  + signType
                  + "\"}");
      merchant.alwaysReply(Reply.ok(V2_SUCCESS));

      var paid =
          createNotification(
              "WECHAT_V2",
              "V-PAID-" + signType,
              "SUCCESS",
              "100.00",
              ",\"paidAt\":\"2026-11-30T02:15:30Z\"");
      var failed = createNotification("WECHAT_V2", "V-FAILED-" + signType, "FAILED", "8.00", "");

      assertThat(issued.text("signType")).isEqualTo(signType);
      awaitSucceeded(paid);
      awaitSucceeded(failed);
      var payment = WXPayUtil.xmlToMap(receivedFor("V-PAID-" + signType).bodyText());
      var failure = WXPayUtil.xmlToMap(receivedFor("V-FAILED-" + signType).bodyText());
      assertThat(WXPayUtil.isSignatureValid(payment, V2_API_KEY, sdkType)).isTrue();
      assertThat(WXPayUtil.isSignatureValid(failure, V2_API_KEY, sdkType)).isTrue();
      assertThat(payment)
          .containsEntry("result_code", "SUCCESS")
          .containsEntry("total_fee", "10000")
          .containsEntry("mch_id", "10000100")
          .containsEntry("appid", "wx2421b1c4370ec43b")
          .containsEntry("time_end", "20261130101530");
      assertThat(failure).containsEntry("result_code", "FAIL");
    }

    @Test
    void aReplyWithoutSuccessIsAFailedAttempt() {
      setCredentials(
          "WECHAT_V2",
          "{\"appId\":\"wx1\",\"mchId\":\"10000100\",\"apiKey\":\"" + V2_API_KEY + "\"}");
      merchant.alwaysReply(Reply.ok("<xml><return_code><![CDATA[FAIL]]></return_code></xml>"));

      var id = createNotification("WECHAT_V2", "V-NACK", "SUCCESS", "1.00", "");

      var answer = awaitFirstAttempt(id);
      assertThat(answer.text("status")).isEqualTo("PENDING");
      assertThat(answer.json().get("history").get(0).get("errorKind").asString())
          .isEqualTo("BAD_ACK");
    }
  }

  static String pem(java.security.PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\\n"
        + RsaKeys.privateKeyBase64(key)
        + "\\n-----END PRIVATE KEY-----\\n";
  }
}
