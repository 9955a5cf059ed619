package com.paynotify.channel;

import static com.paynotify.channel.PaymentEvents.NOW;
import static com.paynotify.channel.PaymentEvents.aPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.InvalidCallbackException.Check;
import com.standardwebhooks.Webhook;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookFormatTest {
  static final WebhookSecret SECRET = WebhookSecret.generate();
  static final WebhookSecret OLD_SECRET = WebhookSecret.generate();
  static final WebhookCredentials CREDENTIALS = WebhookCredentials.of(SECRET);
  static final VerificationKeys.Webhook KEYS = new VerificationKeys.Webhook(List.of(SECRET));

  final ChannelFormat format = ChannelFormat.of(Channel.WEBHOOK);

  static ReceivedCallback received(Callback callback) {
    return new ReceivedCallback(callback.headers(), callback.body());
  }

  static Map<String, List<String>> multiValued(Map<String, String> headers) {
    var multi = new HashMap<String, List<String>>();
    headers.forEach((name, value) -> multi.put(name, List.of(value)));
    return multi;
  }

  @Nested
  class OfficialLibrary {

    @Test
    void standardWebhooksVerifiesWhatWeSend() throws Exception {
      // The library reads the system clock, so this one callback is signed at the real now.
      var callback =
          format.build(
              aPayment().extra(PaymentEvents.awkwardExtra()).build(), CREDENTIALS, Instant.now());

      new Webhook(SECRET.reveal()).verify(callback.bodyText(), multiValued(callback.headers()));
    }

    @Test
    void standardWebhooksVerifiesWithEitherSecretDuringARotation() throws Exception {
      var rotating = new WebhookCredentials(List.of(SECRET, OLD_SECRET));
      var callback = format.build(aPayment().build(), rotating, Instant.now());

      new Webhook(SECRET.reveal()).verify(callback.bodyText(), multiValued(callback.headers()));
      new Webhook(OLD_SECRET.reveal()).verify(callback.bodyText(), multiValued(callback.headers()));
    }

    @Test
    void ourVerifyAcceptsWhatTheLibrarySigns() throws Exception {
      var body =
          "{\"id\":\"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W\",\"type\":\"payment.success\",\"timestamp\":\"2026-11-23T08:00:00Z\",\"data\":{\"orderNo\":\"ORDER5\",\"paymentStatus\":\"SUCCESS\",\"amount\":\"5.00\",\"currency\":\"CNY\",\"note\":\"充值"
              + " & =+\"}}";
      var signature =
          new Webhook(SECRET.reveal())
              .sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", NOW.getEpochSecond(), body);
      var headers =
          Map.of(
              "Webhook-Id",
              "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
              "Webhook-Timestamp",
              Long.toString(NOW.getEpochSecond()),
              "Webhook-Signature",
              signature);

      var verified =
          format.verify(
              new ReceivedCallback(headers, body.getBytes(StandardCharsets.UTF_8)),
              KEYS,
              NOW,
              WebhookSignature.DEFAULT_TOLERANCE);

      assertThat(verified.orderNo()).isEqualTo("ORDER5");
      assertThat(verified.rawFields()).containsEntry("data.note", "充值 & =+");
    }
  }

  @Nested
  class Verifying {

    @Test
    void readsBackARefund() {
      var event = aPayment().refunded("40.50").build();

      var verified =
          format.verify(
              received(format.build(event, CREDENTIALS, NOW)),
              KEYS,
              NOW,
              WebhookSignature.DEFAULT_TOLERANCE);

      assertThat(verified)
          .isEqualTo(
              new VerifiedEvent(
                  Channel.WEBHOOK,
                  event.notifyId(),
                  "ORDER001",
                  "2026112322001400000000000001",
                  PaymentStatus.REFUNDED,
                  new BigDecimal("100.00"),
                  new BigDecimal("40.50"),
                  "CNY",
                  verified.rawFields()));
      assertThat(verified.rawFields())
          .containsEntry("type", "payment.refunded")
          .containsEntry("data.merchantId", "M100");
    }

    @Test
    void rejectsAStaleTimestamp() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW.minusSeconds(301));

      assertRejected(
          received(callback),
          KEYS,
          Check.TIMESTAMP,
          "webhook-timestamp is 301s away from now, over the tolerance of 300s");
    }

    @ParameterizedTest
    @CsvSource({
      "99999999999999999, TIMESTAMP, webhook-timestamp is out of the range of dates",
      "99999999999999999999, MALFORMED, header webhook-timestamp is not a number of seconds",
      "-99999999999999999, MALFORMED, header webhook-timestamp is not a number of seconds",
      "+1764000000, MALFORMED, header webhook-timestamp is not a number of seconds",
    })
    void rejectsATimestampPastTheRangeOfDatesOrOfALong(
        String timestamp, Check check, String message) {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var headers = new HashMap<>(callback.headers());
      headers.put(WebhookSignature.TIMESTAMP_HEADER, timestamp);

      assertRejected(new ReceivedCallback(headers, callback.body()), KEYS, check, message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-900000000", "1e3", "100.", ".5", "123456789012345678901"})
    void rejectsASignedAmountThatIsNotAShortPlainDecimal(String amount) {
      var body =
          ("{\"id\":\"msg_1\",\"data\":{\"orderNo\":\"O1\",\"paymentStatus\":\"SUCCESS\","
                  + "\"amount\":\""
                  + amount
                  + "\",\"currency\":\"CNY\"}}")
              .getBytes(StandardCharsets.UTF_8);
      var headers =
          Map.of(
              "webhook-id", "msg_1",
              "webhook-timestamp", Long.toString(NOW.getEpochSecond()),
              "webhook-signature", WebhookSignature.sign(List.of(SECRET), "msg_1", NOW, body));

      assertRejected(
          new ReceivedCallback(headers, body),
          KEYS,
          Check.MALFORMED,
          "field data.amount is not a plain decimal amount");
    }

    @Test
    void rejectsASignatureUnderAnotherSecret() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);

      assertRejected(
          received(callback),
          new VerificationKeys.Webhook(List.of(OLD_SECRET)),
          Check.SIGNATURE,
          "no webhook-signature matches");
    }

    @Test
    void rejectsATamperedBody() {
      var callback = format.build(aPayment().build(), CREDENTIALS, NOW);
      var tampered = callback.bodyText().replace("100.00", "1.00").getBytes(StandardCharsets.UTF_8);

      assertRejected(
          new ReceivedCallback(callback.headers(), tampered),
          KEYS,
          Check.SIGNATURE,
          "no webhook-signature matches");
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
    void rejectsACallbackWithoutAStandardWebhooksHeader(String header) {
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
    void rejectsASignedBodyThatIsNotJson() {
      var body = "not json".getBytes(StandardCharsets.UTF_8);
      var headers =
          Map.of(
              "webhook-id", "msg_1",
              "webhook-timestamp", Long.toString(NOW.getEpochSecond()),
              "webhook-signature", WebhookSignature.sign(List.of(SECRET), "msg_1", NOW, body));

      assertRejected(
          new ReceivedCallback(headers, body), KEYS, Check.MALFORMED, "the body is not JSON");
    }

    @Test
    void answersNoContentOrAServerError() {
      var success = format.successAck();
      var failure = format.failureAck("try later");

      assertThat(success.httpStatus()).isEqualTo(204);
      assertThat(format.judge(success.httpStatus(), success.bodyText()))
          .isEqualTo(AckVerdict.ACCEPTED);
      assertThat(failure.httpStatus()).isEqualTo(500);
      assertThat(format.judge(failure.httpStatus(), failure.bodyText()))
          .isEqualTo(AckVerdict.REJECTED_STATUS);
    }

    void assertRejected(
        ReceivedCallback received, VerificationKeys keys, Check check, String message) {
      assertThatThrownBy(
              () -> format.verify(received, keys, NOW, WebhookSignature.DEFAULT_TOLERANCE))
          .isInstanceOfSatisfying(
              InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(check))
          .hasMessageContaining(message);
    }
  }
}
