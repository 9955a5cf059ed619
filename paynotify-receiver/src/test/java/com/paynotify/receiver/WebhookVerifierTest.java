package com.paynotify.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.Channel;
import com.paynotify.channel.InvalidCallbackException;
import com.paynotify.channel.InvalidCallbackException.Check;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WebhookSignature;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {
  private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
  private final WebhookVerifier verifier = WebhookVerifier.of(List.of(Deliveries.SECRET), clock);

  private ReceivedCallback signed() {
    return Deliveries.webhook("evt_1", "ORDER001", "100.00", clock.instant());
  }

  private static ReceivedCallback withHeader(ReceivedCallback callback, String name, String value) {
    var headers = new HashMap<>(callback.headers());
    headers.put(name, value);
    return new ReceivedCallback(headers, callback.body());
  }

  private static ReceivedCallback signedBody(
      String id, Instant at, String body, WebhookSecret secret) {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    return new ReceivedCallback(
        Map.of(
            "webhook-id", id,
            "webhook-timestamp", Long.toString(at.getEpochSecond()),
            "webhook-signature", WebhookSignature.sign(List.of(secret), id, at, bytes)),
        bytes);
  }

  @Test
  void aSignedCallbackBecomesOneTypedNotification() {
    var callback = signed();

    var notification = verifier.verify(callback);

    assertThat(notification.channel()).isEqualTo(Channel.WEBHOOK);
    assertThat(notification.notifyId()).isEqualTo("evt_1");
    assertThat(notification.dedupKey()).isEqualTo("WEBHOOK:evt_1");
    assertThat(notification.orderNo()).isEqualTo("ORDER001");
    assertThat(notification.transactionId()).isEqualTo("TX-ORDER001");
    assertThat(notification.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
    assertThat(notification.amount()).isEqualByComparingTo(new BigDecimal("100.00"));
    assertThat(notification.currency()).isEqualTo("CNY");
    assertThat(notification.rawFields()).containsEntry("type", "payment.success");
  }

  @Test
  void headerNamesMatchWhateverTheirCase() {
    var callback = signed();
    var upper = new HashMap<String, String>();
    callback.headers().forEach((k, v) -> upper.put(k.toUpperCase(), v));

    var notification = verifier.verify(new ReceivedCallback(upper, callback.body()));

    assertThat(notification.notifyId()).isEqualTo("evt_1");
  }

  @Test
  void anOldSecretStillVerifiesDuringARotation() {
    var newSecret = WebhookSecret.generate();
    var rotating = WebhookVerifier.of(List.of(newSecret, Deliveries.SECRET), clock);

    var notification = rotating.verify(signed());

    assertThat(notification.notifyId()).isEqualTo("evt_1");
  }

  @Test
  void aBadSignatureIsRejected() {
    var callback =
        withHeader(
            signed(), "webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

    assertThatThrownBy(() -> verifier.verify(callback))
        .isInstanceOfSatisfying(
            InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(Check.SIGNATURE));
  }

  @Test
  void aCallbackSignedWithAnotherKeyIsRejected() {
    var callback = Deliveries.webhook("evt_1", "ORDER001", "100.00", clock.instant());
    var otherMerchant = WebhookVerifier.of(List.of(WebhookSecret.generate()), clock);

    assertThatThrownBy(() -> otherMerchant.verify(callback))
        .isInstanceOfSatisfying(
            InvalidCallbackException.class,
            e -> {
              assertThat(e.check()).isEqualTo(Check.SIGNATURE);
              assertThat(e.getMessage()).doesNotContain(Deliveries.SECRET.reveal().substring(6));
            });
  }

  @Test
  void aStaleTimestampIsRejectedAsAReplay() {
    var callback = signed();

    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    assertThatThrownBy(() -> verifier.verify(callback))
        .isInstanceOfSatisfying(
            InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(Check.TIMESTAMP));
  }

  @Test
  void aTimestampFromTheFutureBeyondTheToleranceIsRejected() {
    var callback =
        Deliveries.webhook(
            "evt_1", "ORDER001", "100.00", clock.instant().plus(Duration.ofMinutes(6)));

    assertThatThrownBy(() -> verifier.verify(callback))
        .isInstanceOfSatisfying(
            InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(Check.TIMESTAMP));
  }

  @Test
  void aTamperedBodyIsRejected() {
    var callback = signed();
    var tampered = new String(callback.body(), StandardCharsets.UTF_8).replace("100.00", "0.01");

    assertThatThrownBy(
            () ->
                verifier.verify(
                    new ReceivedCallback(
                        callback.headers(), tampered.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOfSatisfying(
            InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(Check.SIGNATURE));
  }

  @Test
  void eachMissingHeaderIsRejectedByName() {
    for (var header : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
      var headers = new HashMap<>(signed().headers());
      headers.remove(header);

      assertThatThrownBy(() -> verifier.verify(new ReceivedCallback(headers, signed().body())))
          .isInstanceOfSatisfying(
              InvalidCallbackException.class,
              e -> {
                assertThat(e.check()).isEqualTo(Check.MALFORMED);
                assertThat(e.getMessage()).contains(header);
              });
    }
  }

  @Test
  void aNonNumericTimestampIsMalformed() {
    var callback = withHeader(signed(), "webhook-timestamp", "yesterday");

    assertThatThrownBy(() -> verifier.verify(callback))
        .isInstanceOfSatisfying(
            InvalidCallbackException.class, e -> assertThat(e.check()).isEqualTo(Check.MALFORMED));
  }

  @Test
  void aSignedButMalformedJsonBodyIsRejected() {
    var callback = signedBody("evt_1", clock.instant(), "{\"id\": \"evt_1\", ", Deliveries.SECRET);

    assertThatThrownBy(() -> verifier.verify(callback))
        .isInstanceOfSatisfying(
            InvalidCallbackException.class,
            e -> {
              assertThat(e.check()).isEqualTo(Check.MALFORMED);
              assertThat(e.getMessage()).isEqualTo("MALFORMED: the body is not JSON");
            });
  }

  @Test
  void aSignedBodyWithoutPaymentFieldsIsRejected() {
    var callback =
        signedBody(
            "evt_1",
            clock.instant(),
            "{\"id\":\"evt_1\",\"data\":{\"orderNo\":\"O1\"}}",
            Deliveries.SECRET);

    assertThatThrownBy(() -> verifier.verify(callback))
        .isInstanceOfSatisfying(
            InvalidCallbackException.class,
            e -> {
              assertThat(e.check()).isEqualTo(Check.MALFORMED);
              assertThat(e.getMessage()).contains("data.paymentStatus");
            });
  }

  @Test
  void aBodyWhoseIdDiffersFromTheSignedWebhookIdIsRejected() {
    var body =
        new String(signed().body(), StandardCharsets.UTF_8).replace("\"evt_1\"", "\"evt_2\"");
    var callback = signedBody("evt_1", clock.instant(), body, Deliveries.SECRET);

    assertThatThrownBy(() -> verifier.verify(callback))
        .isInstanceOfSatisfying(
            InvalidCallbackException.class,
            e -> assertThat(e.getMessage()).contains("differs from header webhook-id"));
  }
}
