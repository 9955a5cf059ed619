package com.paynotify.channel;

import static com.paynotify.channel.PaymentEvents.NOW;
import static com.paynotify.channel.PaymentEvents.aPayment;
import static org.assertj.core.api.Assertions.assertThat;

import com.alipay.api.internal.util.AlipaySignature;
import com.github.wxpay.sdk.WXPayConstants;
import com.github.wxpay.sdk.WXPayUtil;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end over real HTTP: a callback is POSTed as the dispatcher would, a merchant handler built
 * on the official SDK checks it as it arrives and answers as such handlers do, and the channel
 * judges that answer.
 */
class OverHttpTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicReference<Handler> handler = new AtomicReference<>();
  private HttpServer merchant;

  /** One merchant endpoint: the received request in, status and body out. */
  interface Handler {
    Reply handle(Map<String, String> headers, byte[] body) throws Exception;
  }

  record Reply(int status, String body) {}

  @BeforeEach
  void startMerchant() throws Exception {
    merchant = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    merchant.createContext("/notify", this::serve);
    merchant.start();
  }

  @AfterEach
  void stopMerchant() {
    merchant.stop(0);
  }

  private void serve(HttpExchange exchange) throws java.io.IOException {
    try (exchange) {
      var headers = new java.util.TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
      Reply reply;
      try {
        reply = handler.get().handle(headers, exchange.getRequestBody().readAllBytes());
      } catch (Exception e) {
        reply = new Reply(500, e.toString());
      }
      var bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  /** POSTs the callback, as the dispatcher does, and judges the answer. */
  private AckVerdict deliver(ChannelFormat format, Callback callback) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + merchant.getAddress().getPort() + "/notify"))
            .header("Content-Type", callback.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(callback.body()));
    callback.headers().forEach(request::header);
    var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return format.judge(response.statusCode(), response.body());
  }

  @Test
  void anAlipayHandlerOnRsaCheckV1AcknowledgesEveryEventType() throws Exception {
    var format = ChannelFormat.of(Channel.ALIPAY);
    var publicKey = RsaKeys.publicKeyBase64(TestKeys.PLATFORM.getPublic());
    handler.set(
        (headers, body) -> {
          var params = Forms.decode(body);
          return AlipaySignature.rsaCheckV1(params, publicKey, "UTF-8", "RSA2")
              ? new Reply(200, "success")
              : new Reply(200, "failure");
        });

    for (var event : AlipayFormatTest.everyEventType().toList()) {
      var verdict = deliver(format, format.build(event, AlipayFormatTest.RSA2, NOW));

      assertThat(verdict).as(event.paymentStatus().name()).isEqualTo(AckVerdict.ACCEPTED);
    }
  }

  @Test
  void aWechatPayV3HandlerOnNotificationParserAcknowledgesAPaymentAndARefund() throws Exception {
    var format = ChannelFormat.of(Channel.WECHAT_V3);
    var parser = WechatV3FormatTest.SdkConfig.PUBLIC_KEY_CONFIG.parser();
    var parsed = new AtomicReference<Object>();
    handler.set(
        (headers, body) -> {
          var param =
              new RequestParam.Builder()
                  .serialNumber(headers.get("Wechatpay-Serial"))
                  .nonce(headers.get("Wechatpay-Nonce"))
                  .signature(headers.get("Wechatpay-Signature"))
                  .timestamp(headers.get("Wechatpay-Timestamp"))
                  .signType(headers.get("Wechatpay-Signature-Type"))
                  .body(new String(body, StandardCharsets.UTF_8))
                  .build();
          var refund = new String(body, StandardCharsets.UTF_8).contains("\"REFUND.SUCCESS\"");
          parsed.set(
              refund
                  ? parser.parse(param, RefundNotification.class)
                  : parser.parse(param, Transaction.class));
          return new Reply(204, "");
        });

    var paid =
        deliver(
            format,
            format.build(
                aPayment().extra(PaymentEvents.awkwardExtra()).build(),
                WechatV3FormatTest.CREDENTIALS,
                NOW));
    var paidTransaction = (Transaction) parsed.get();
    var refunded =
        deliver(
            format,
            format.build(
                aPayment().refunded("12.34").build(), WechatV3FormatTest.CREDENTIALS, NOW));
    var refund = (RefundNotification) parsed.get();

    assertThat(paid).isEqualTo(AckVerdict.ACCEPTED);
    assertThat(paidTransaction.getAttach()).isEqualTo("{\"channel\":\"小程序\",\"note\":\"a & b\"}");
    assertThat(refunded).isEqualTo(AckVerdict.ACCEPTED);
    assertThat(refund.getAmount().getRefund()).isEqualTo(1234L);
  }

  @Test
  void aWechatPayV2HandlerOnIsSignatureValidAcknowledgesSuccessAndFailure() throws Exception {
    var format = ChannelFormat.of(Channel.WECHAT_V2);
    handler.set(
        (headers, body) -> {
          var fields = WXPayUtil.xmlToMap(new String(body, StandardCharsets.UTF_8));
          var valid =
              WXPayUtil.isSignatureValid(
                  fields, WechatV2FormatTest.API_KEY, WXPayConstants.SignType.HMACSHA256);
          var reply = new java.util.LinkedHashMap<String, String>();
          reply.put("return_code", valid ? "SUCCESS" : "FAIL");
          reply.put("return_msg", valid ? "OK" : "签名失败");
          return new Reply(200, WXPayUtil.mapToXml(reply));
        });

    for (var status : List.of(PaymentStatus.SUCCESS, PaymentStatus.FAILED)) {
      var event = aPayment().status(status).extra(PaymentEvents.awkwardExtra()).build();

      var verdict = deliver(format, format.build(event, WechatV2FormatTest.HMAC, NOW));

      assertThat(verdict).as(status.name()).isEqualTo(AckVerdict.ACCEPTED);
    }
  }

  @Test
  void aStandardWebhooksHandlerAcknowledgesARefund() throws Exception {
    var format = ChannelFormat.of(Channel.WEBHOOK);
    var webhook = new Webhook(WebhookFormatTest.SECRET.reveal());
    handler.set(
        (headers, body) -> {
          var multi = new java.util.HashMap<String, List<String>>();
          headers.forEach((name, value) -> multi.put(name, List.of(value)));
          webhook.verify(new String(body, StandardCharsets.UTF_8), multi);
          return new Reply(204, "");
        });

    // The library reads the system clock, so this callback is signed at the real now.
    var verdict =
        deliver(
            format,
            format.build(
                aPayment().refunded("1.00").build(), WebhookFormatTest.CREDENTIALS, Instant.now()));

    assertThat(verdict).isEqualTo(AckVerdict.ACCEPTED);
  }

  @Test
  void aHandlerThatFailsVerificationIsNotAnAcknowledgement() throws Exception {
    var format = ChannelFormat.of(Channel.ALIPAY);
    var otherKey = RsaKeys.publicKeyBase64(TestKeys.OTHER.getPublic());
    handler.set(
        (headers, body) ->
            AlipaySignature.rsaCheckV1(Forms.decode(body), otherKey, "UTF-8", "RSA2")
                ? new Reply(200, "success")
                : new Reply(200, "failure"));

    var verdict = deliver(format, format.build(aPayment().build(), AlipayFormatTest.RSA2, NOW));

    assertThat(verdict).isEqualTo(AckVerdict.REJECTED_BODY);
  }
}
