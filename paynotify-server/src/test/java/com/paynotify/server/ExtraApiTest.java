package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.api.internal.util.AlipaySignature;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Received;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.time.Duration;
import java.util.HashMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code extra} over the API: a key that would set or shadow a signed field of the channel is a 422
 * naming it, and any other key arrives signed with the rest.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:extra;DB_CLOSE_DELAY=-1"
    })
class ExtraApiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  private Api api;
  private final FakeMerchant merchant = FakeMerchant.start();
  private String merchantId;
  private String alipayPublicKey;
  private NotificationParser wechatParser;

  @BeforeEach
  void registerMerchantWithEveryChannel() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
                .status())
        .isEqualTo(201);
    alipayPublicKey = channel("ALIPAY", "{\"appId\":\"2021000000000001\"}").text("publicKey");
    var wechat =
        channel(
            "WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wxd678efh567hg6787\",\"apiV3Key\":\""
                + ChannelDeliveryTest.API_V3_KEY
                + "\"}");
    wechatParser =
        new NotificationParser(
            new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(wechat.text("publicKeyPem"))
                .publicKeyId(wechat.text("publicKeyId"))
                .apiV3Key(ChannelDeliveryTest.API_V3_KEY)
                .build());
    channel(
        "WECHAT_V2",
        "{\"appId\":\"wx2421b1c4370ec43b\",\"mchId\":\"10000100\",\"apiKey\":\""
            + ChannelDeliveryTest.V2_API_KEY
            + "\"}");
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  private Api.Answer channel(String channel, String json) {
    var answer = api.put("/api/v1/merchants/" + merchantId + "/channels/" + channel, json);
    assertThat(answer.status()).as(answer.body()).isIn(200, 201);
    return answer;
  }

  private Api.Answer create(String channel, String orderNo, String extra) {
    return api.post(
        "/api/v1/notifications",
        """
        {"merchantId":"%s","channel":"%s","orderNo":"%s","transactionId":"4200000001","paymentStatus":"SUCCESS",
         "amount":"100.00","currency":"CNY","notifyUrl":"%s","extra":%s}"""
            .formatted(merchantId, channel, orderNo, merchant.url("/notify/" + orderNo), extra));
  }

  private Received delivered(Api.Answer created, String orderNo) {
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    var id = created.text("id");
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    var answer = api.get("/api/v1/notifications/" + id);
    while (!"SUCCEEDED".equals(answer.text("status")) && System.nanoTime() < deadline) {
      sleep();
      answer = api.get("/api/v1/notifications/" + id);
    }
    assertThat(answer.text("status")).as(answer.body()).isEqualTo("SUCCEEDED");
    return merchant.received().stream()
        .filter(r -> r.path().equals("/notify/" + orderNo))
        .findFirst()
        .orElseThrow();
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ALIPAY    | refund_fee   | {\"refund_fee\":\"10.00\",\"subject\":\"coffee\"}",
        "ALIPAY    | gmt_refund   | {\"gmt_refund\":\"2026-11-23 16:00:00.000\",\"refund_fee\":\"10.00\"}",
        "ALIPAY    | sign_type    | {\"sign_type\":\"RSA\"}",
        "WEBHOOK   | refundAmount | {\"refundAmount\":\"100.00\",\"buyer\":\"alice\"}",
        "WECHAT_V3 | amount.total | {\"amount.total\":1}",
        "WECHAT_V2 | sign         | {\"sign\":\"0123456789ABCDEF0123456789ABCDEF\"}",
      })
  void refusesAnExtraKeyNamedLikeASignedFieldNamingItAndStoresNothing(
      String channel, String key, String extra) {
    var orderNo = "X-" + UUID.randomUUID().toString().substring(0, 8);

    var answer = create(channel, orderNo, extra);

    assertThat(answer.status()).as(answer.body()).isEqualTo(422);
    assertThat(answer.text("error")).isEqualTo("INVALID_VALUE");
    assertThat(answer.text("field")).isEqualTo("extra." + key);
    assertThat(answer.text("message"))
        .startsWith("extra." + key + ": is a reserved " + channel + " field");
    assertThat(api.get("/api/v1/notifications?orderNo=" + orderNo).json().get("total").asInt())
        .isZero();
    assertThat(merchant.received()).isEmpty();
  }

  @Test
  void sendsAlipayExtraThatCollidesWithNothingSignedAndWithoutARefund() throws Exception {
    var created = create("ALIPAY", "X-ALIPAY", "{\"subject\":\"咖啡\",\"refund_note\":\"none\"}");

    var params = ChannelDeliveryTest.form(delivered(created, "X-ALIPAY"));

    assertThat(AlipaySignature.rsaCheckV1(new HashMap<>(params), alipayPublicKey, "UTF-8", "RSA2"))
        .isTrue();
    assertThat(params)
        .containsEntry("subject", "咖啡")
        .containsEntry("refund_note", "none")
        .containsEntry("trade_status", "TRADE_SUCCESS")
        .doesNotContainKeys("refund_fee", "gmt_refund");
  }

  @Test
  void sendsWechatV3ExtraThatCollidesWithNothingBesideTheRealAmount() {
    var created =
        create("WECHAT_V3", "X-WECHAT", "{\"attach\":\"a & b\",\"payer\":{\"openid\":\"o-1\"}}");

    var transaction =
        wechatParser.parse(
            ChannelDeliveryTest.wechatRequest(delivered(created, "X-WECHAT")), Transaction.class);

    assertThat(transaction.getAttach()).isEqualTo("a & b");
    assertThat(transaction.getPayer().getOpenid()).isEqualTo("o-1");
    assertThat(transaction.getAmount().getTotal()).isEqualTo(10000);
  }

  @Test
  void sendsWebhookExtraInsideDataWithoutARefundAmount() {
    var created = create("WEBHOOK", "X-WEBHOOK", "{\"buyer\":\"alice\"}");

    var data = JSON.readTree(delivered(created, "X-WEBHOOK").body()).get("data");

    assertThat(data.get("buyer").asString()).isEqualTo("alice");
    assertThat(data.get("amount").asString()).isEqualTo("100.00");
    assertThat(data.has("refundAmount")).isFalse();
  }
}
