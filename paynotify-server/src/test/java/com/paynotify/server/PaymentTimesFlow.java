package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.api.internal.util.AlipaySignature;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Received;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * A payment's own paid and refund times on the wire, over HTTP against whichever database the
 * server runs on: a payment recorded, paid with a {@code paidAt} and refunded with a {@code
 * refundedAt} is delivered as Alipay ({@code gmt_payment}, {@code gmt_refund} in Beijing time) and
 * as WeChat Pay v3 ({@code success_time}, RFC 3339 at +08:00) to a local merchant, and what arrived
 * is read with the official SDKs using only what the API handed out. The payment's headers go with
 * each callback.
 */
final class PaymentTimesFlow {
  private static final String API_V3_KEY = "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2";

  private PaymentTimesFlow() {}

  /** Alipay: recorded and refunded by forms, paid by JSON. */
  static void alipay(Api api, FakeMerchant merchant, String merchantId) throws Exception {
    var issued =
        api.put(
            "/api/v1/merchants/" + merchantId + "/channels/ALIPAY",
            "{\"appId\":\"2021000000000001\"}");
    assertThat(issued.status()).as(issued.body()).isIn(200, 201);
    var paymentId = "ali-" + UUID.randomUUID().toString().substring(0, 8);
    var path = "/api/v1/payments/" + paymentId + "/status";

    var recorded =
        api.form(
            "POST",
            "/api/v1/payments",
            "paymentId="
                + paymentId
                + "&merchantId="
                + merchantId
                + "&orderNo=ALI-"
                + paymentId
                + "&channel=ALIPAY&amount=100.00&currency=CNY&notifyUrl="
                + encode(merchant.url("/alipay/" + paymentId))
                + "&headers="
                + encode("{\"X-Shop-Route\":\"alipay\"}"));
    var paid =
        api.put(
            path,
            "{\"merchantId\":\"%s\",\"status\":\"SUCCESS\",\"transactionId\":\"2026113022001\",\"paidAt\":\"2026-11-30T02:15:30Z\"}"
                .formatted(merchantId));
    var refunding =
        api.put(
            path,
            "{\"merchantId\":\"%s\",\"status\":\"REFUNDING\",\"refundAmount\":\"30.00\"}"
                .formatted(merchantId));
    var refunded =
        api.form(
            "PUT",
            path,
            "merchantId="
                + merchantId
                + "&status=REFUNDED&refundedAt="
                + encode("2026-12-01T09:00:00.250+08:00"));

    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(paid.status()).as(paid.body()).isEqualTo(200);
    assertThat(paid.text("paidAt")).isEqualTo("2026-11-30T02:15:30Z");
    assertThat(refunding.status()).as(refunding.body()).isEqualTo(200);
    assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
    assertThat(refunded.text("refundedAt")).isEqualTo("2026-12-01T01:00:00.250Z");
    var delivered = await(merchant, "/alipay/" + paymentId, 2);
    var payment = form(delivered.get(0));
    var refund = form(delivered.get(1));
    for (var params : List.of(payment, refund)) {
      assertThat(
              AlipaySignature.rsaCheckV1(
                  new HashMap<>(params), issued.text("publicKey"), "UTF-8", "RSA2"))
          .as(params.toString())
          .isTrue();
    }
    assertThat(payment)
        .containsEntry("out_trade_no", "ALI-" + paymentId)
        .containsEntry("trade_no", "2026113022001")
        .containsEntry("trade_status", "TRADE_SUCCESS")
        .containsEntry("gmt_payment", "2026-11-30 10:15:30")
        .doesNotContainKey("gmt_refund");
    assertThat(refund)
        .containsEntry("refund_fee", "30.00")
        .containsEntry("gmt_payment", "2026-11-30 10:15:30")
        .containsEntry("gmt_refund", "2026-12-01 09:00:00.250");
    assertThat(delivered).allSatisfy(r -> assertThat(r.header("X-Shop-Route")).isEqualTo("alipay"));
  }

  /** WeChat Pay v3: recorded as paid at once, then refunded, all by JSON. */
  static void wechatV3(Api api, FakeMerchant merchant, String merchantId) {
    var issued =
        api.put(
            "/api/v1/merchants/" + merchantId + "/channels/WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wxd678efh567hg6787\",\"apiV3Key\":\""
                + API_V3_KEY
                + "\"}");
    assertThat(issued.status()).as(issued.body()).isIn(200, 201);
    var parser =
        new NotificationParser(
            new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(issued.text("publicKeyPem"))
                .publicKeyId(issued.text("publicKeyId"))
                .apiV3Key(API_V3_KEY)
                .build());
    var paymentId = "wx-" + UUID.randomUUID().toString().substring(0, 8);
    var path = "/api/v1/payments/" + paymentId + "/status";

    var recorded =
        api.post(
            "/api/v1/payments",
            """
        {"paymentId":"%s","merchantId":"%s","orderNo":"WX-%s","transactionId":"4200000999","channel":"WECHAT_V3",
         "amount":"100.00","currency":"CNY","notifyUrl":"%s","status":"SUCCESS",
         "paidAt":"2026-11-30T02:15:30.500Z","headers":{"X-Shop-Route":"wechat"}}"""
                .formatted(paymentId, merchantId, paymentId, merchant.url("/wechat/" + paymentId)));
    var refunding =
        api.put(
            path,
            "{\"merchantId\":\"%s\",\"status\":\"REFUNDING\",\"refundAmount\":\"40.50\"}"
                .formatted(merchantId));
    var refunded =
        api.put(
            path,
            "{\"merchantId\":\"%s\",\"status\":\"REFUNDED\",\"refundedAt\":\"2026-12-01T01:00:00Z\"}"
                .formatted(merchantId));

    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(recorded.text("paidAt")).isEqualTo("2026-11-30T02:15:30.500Z");
    assertThat(refunding.status()).as(refunding.body()).isEqualTo(200);
    assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
    var delivered = await(merchant, "/wechat/" + paymentId, 2);
    var transaction =
        parser.parse(ChannelDeliveryTest.wechatRequest(delivered.get(0)), Transaction.class);
    var refund =
        parser.parse(ChannelDeliveryTest.wechatRequest(delivered.get(1)), RefundNotification.class);
    assertThat(transaction.getOutTradeNo()).isEqualTo("WX-" + paymentId);
    assertThat(transaction.getTradeState()).isEqualTo(Transaction.TradeStateEnum.SUCCESS);
    assertThat(transaction.getSuccessTime()).isEqualTo("2026-11-30T10:15:30+08:00");
    assertThat(refund.getOutTradeNo()).isEqualTo("WX-" + paymentId);
    assertThat(refund.getAmount().getRefund()).isEqualTo(4050L);
    assertThat(refund.getSuccessTime()).isEqualTo("2026-12-01T09:00:00+08:00");
    assertThat(delivered).allSatisfy(r -> assertThat(r.header("X-Shop-Route")).isEqualTo("wechat"));
  }

  /** The callbacks that arrived on the path, in order, once there are {@code count}. */
  private static List<Received> await(FakeMerchant merchant, String path, int count) {
    var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    var arrived = List.<Received>of();
    while (System.nanoTime() < deadline) {
      arrived = merchant.received().stream().filter(r -> r.path().equals(path)).toList();
      if (arrived.size() >= count) {
        break;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertThat(arrived).as("callbacks on " + path).hasSize(count);
    return arrived;
  }

  private static java.util.Map<String, String> form(Received request) {
    return ChannelDeliveryTest.form(request);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
