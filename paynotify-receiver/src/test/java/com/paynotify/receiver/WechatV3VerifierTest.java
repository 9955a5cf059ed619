package com.paynotify.receiver;

import static com.paynotify.receiver.OfficialSdk.APIV3_KEY;
import static com.paynotify.receiver.OfficialSdk.OTHER;
import static com.paynotify.receiver.OfficialSdk.OTHER_APIV3_KEY;
import static com.paynotify.receiver.OfficialSdk.PLATFORM;
import static com.paynotify.receiver.OfficialSdk.PUBLIC_KEY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.InvalidCallbackException;
import com.paynotify.channel.InvalidCallbackException.Check;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WeChat Pay v3 notifications encrypted with {@code wechatpay-java}'s {@code AeadAesCipher} and
 * signed with its {@code RSASigner}, through the receiver.
 */
class WechatV3VerifierTest {
  private static final VerificationKeys.WechatV3 KEYS =
      new VerificationKeys.WechatV3(
          Map.of(PUBLIC_KEY_ID, PLATFORM.getPublic()), List.of(APIV3_KEY));
  private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final AtomicInteger runs = new AtomicInteger();
  private final H2Receivers h2 = new H2Receivers();

  @AfterEach
  void close() {
    h2.close();
  }

  private NotificationReceiver receiver(VerificationKeys.WechatV3 keys) {
    return h2.receiver(WechatV3Verifier.of(keys, clock), clock, metrics);
  }

  private Receipt handle(NotificationReceiver receiver, ReceivedCallback callback) {
    return receiver.handle(callback, n -> runs.incrementAndGet());
  }

  private ReceivedCallback signed(String id, String orderNo, long fen) {
    return OfficialSdk.wechatV3(id, orderNo, fen, clock.instant());
  }

  private static ReceivedCallback withHeaders(
      ReceivedCallback callback, Map<String, String> headers) {
    return new ReceivedCallback(headers, callback.body());
  }

  private Check rejectionOf(ReceivedCallback callback, VerificationKeys.WechatV3 keys) {
    try (var receiver = receiver(keys)) {
      var receipt = handle(receiver, callback);

      var failure = ChannelFormat.of(Channel.WECHAT_V3).failureAck("x");
      assertThat(receipt.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(receipt.reply().status()).isEqualTo(failure.httpStatus());
      assertThat(receipt.reply().contentType()).isEqualTo(failure.contentType());
      assertThat(receipt.reply().body()).startsWith("{\"code\":\"FAIL\",\"message\":\"");
      assertThat(receipt.reply().isSuccess(Channel.WECHAT_V3)).isFalse();
      assertThat(receipt.reply().body()).doesNotContain(APIV3_KEY, OTHER_APIV3_KEY);
      assertThat(runs).hasValue(0);
    }
    try {
      WechatV3Verifier.of(keys, clock).verify(callback);
      throw new AssertionError("verified");
    } catch (InvalidCallbackException e) {
      assertThat(e.getMessage()).doesNotContain(APIV3_KEY, OTHER_APIV3_KEY);
      return e.check();
    }
  }

  @Test
  void aNotificationTheSdkEncryptsAndSignsIsProcessedOnceAndAnsweredWithTheChannelsAck() {
    var callback = signed("EV-2018022511223320873", "ORDER042", 4200);
    try (var receiver = receiver(KEYS)) {

      var first = handle(receiver, callback);
      clock.advance(Duration.ofSeconds(15)); // WeChat's first retry, inside the tolerance
      var retry = handle(receiver, callback);

      assertThat(first.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(retry.outcome()).isEqualTo(Outcome.DUPLICATE_DONE);
      assertThat(runs).hasValue(1);
      var ack = ChannelFormat.of(Channel.WECHAT_V3).successAck();
      assertThat(first.reply()).isEqualTo(new Reply(ack.httpStatus(), ack.contentType(), ""));
      assertThat(retry.reply()).isEqualTo(first.reply());
      var notification = first.notification();
      assertThat(notification.dedupKey()).isEqualTo("WECHAT_V3:EV-2018022511223320873");
      assertThat(notification.orderNo()).isEqualTo("ORDER042");
      assertThat(notification.transactionId()).startsWith("42000");
      assertThat(notification.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
      assertThat(notification.amount()).isEqualByComparingTo("42.00");
      assertThat(notification.rawFields())
          .containsEntry("payer.openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    }
  }

  @Test
  void duringARotationEveryConfiguredPublicKeyIdAndApiV3KeyIsTried() {
    var rotating =
        new VerificationKeys.WechatV3(
            Map.of("PUB_KEY_ID_NEW", OTHER.getPublic(), PUBLIC_KEY_ID, PLATFORM.getPublic()),
            List.of(OTHER_APIV3_KEY, APIV3_KEY));
    try (var receiver = receiver(rotating)) {

      assertThat(handle(receiver, signed("EV-1", "O-1", 100)).outcome())
          .isEqualTo(Outcome.PROCESSED);
    }
  }

  @Test
  void aCallbackSignedWithAnotherKeyIsRejected() {
    var body =
        OfficialSdk.wechatV3Body("EV-1", OfficialSdk.wechatTransaction("O-1", 100), APIV3_KEY);
    var forged =
        new ReceivedCallback(
            OfficialSdk.wechatV3Headers(body, clock.instant(), OTHER.getPrivate()),
            body.getBytes(StandardCharsets.UTF_8));

    assertThat(rejectionOf(forged, KEYS)).isEqualTo(Check.SIGNATURE);
  }

  @Test
  void aBadSignatureIsRejected() {
    var callback = signed("EV-1", "O-1", 100);
    var headers = new LinkedHashMap<>(callback.headers());
    headers.put("Wechatpay-Signature", "AAAA" + headers.get("Wechatpay-Signature").substring(4));

    assertThat(rejectionOf(withHeaders(callback, headers), KEYS)).isEqualTo(Check.SIGNATURE);
  }

  @Test
  void aSerialNamingNoConfiguredKeyIsRejected() {
    var callback = signed("EV-1", "O-1", 100);
    var headers = new LinkedHashMap<>(callback.headers());
    headers.put("Wechatpay-Serial", "PUB_KEY_ID_UNKNOWN");

    assertThat(rejectionOf(withHeaders(callback, headers), KEYS)).isEqualTo(Check.SIGNATURE);
  }

  @Test
  void aStaleTimestampIsRejectedAsAReplay() {
    var callback =
        OfficialSdk.wechatV3(
            "EV-1", "O-1", 100, clock.instant().minus(Duration.ofMinutes(5).plusSeconds(1)));

    assertThat(rejectionOf(callback, KEYS)).isEqualTo(Check.TIMESTAMP);
  }

  @Test
  void aTimestampJustInsideTheFiveMinutesIsAccepted() {
    var callback =
        OfficialSdk.wechatV3("EV-1", "O-1", 100, clock.instant().minus(Duration.ofMinutes(5)));
    try (var receiver = receiver(KEYS)) {

      assertThat(handle(receiver, callback).outcome()).isEqualTo(Outcome.PROCESSED);
    }
  }

  @Test
  void aTamperedBodyIsRejected() {
    var callback = signed("EV-1", "O-1", 100);
    var tampered =
        new String(callback.body(), StandardCharsets.UTF_8).replace("\"EV-1\"", "\"EV-2\"");

    assertThat(
            rejectionOf(
                new ReceivedCallback(callback.headers(), tampered.getBytes(StandardCharsets.UTF_8)),
                KEYS))
        .isEqualTo(Check.SIGNATURE);
  }

  @Test
  void aResourceEncryptedWithAnotherApiV3KeyIsRejectedAsUndecryptable() {
    var body =
        OfficialSdk.wechatV3Body(
            "EV-1", OfficialSdk.wechatTransaction("O-1", 100), OTHER_APIV3_KEY);
    var callback =
        new ReceivedCallback(
            OfficialSdk.wechatV3Headers(body, clock.instant(), PLATFORM.getPrivate()),
            body.getBytes(StandardCharsets.UTF_8));

    assertThat(rejectionOf(callback, KEYS)).isEqualTo(Check.DECRYPT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Wechatpay-Timestamp",
        "Wechatpay-Nonce",
        "Wechatpay-Signature",
        "Wechatpay-Serial"
      })
  void eachMissingHeaderIsRejectedAsMalformed(String header) {
    var callback = signed("EV-1", "O-1", 100);
    var headers = new LinkedHashMap<>(callback.headers());
    headers.remove(header);

    assertThat(rejectionOf(withHeaders(callback, headers), KEYS)).isEqualTo(Check.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<xml>not json</xml>",
        "[1,2]",
        "{\"id\":\"EV-1\"}",
        "{\"id\":\"EV-1\",\"resource\":{\"algorithm\":\"AEAD_AES_256_GCM\"}}"
      })
  void aSignedButMalformedBodyIsRejected(String body) {
    var callback =
        new ReceivedCallback(
            OfficialSdk.wechatV3Headers(body, clock.instant(), PLATFORM.getPrivate()),
            body.getBytes(StandardCharsets.UTF_8));

    assertThat(rejectionOf(callback, KEYS)).isEqualTo(Check.MALFORMED);
  }

  @Test
  void aSignedResourceWithoutAnOrderNumberIsRejected() {
    var transaction =
        OfficialSdk.wechatTransaction("O-1", 100).replace("\"out_trade_no\"", "\"other\"");
    var body = OfficialSdk.wechatV3Body("EV-1", transaction, APIV3_KEY);
    var callback =
        new ReceivedCallback(
            OfficialSdk.wechatV3Headers(body, clock.instant(), PLATFORM.getPrivate()),
            body.getBytes(StandardCharsets.UTF_8));

    assertThat(rejectionOf(callback, KEYS)).isEqualTo(Check.MALFORMED);
  }

  @Test
  void theVerifierShowsNoKeyMaterial() {
    assertThat(WechatV3Verifier.of(KEYS, clock).toString())
        .isEqualTo(
            "WechatV3Verifier[VerificationKeys.WechatV3[public key ids=["
                + PUBLIC_KEY_ID
                + "], 1 APIv3 key(s)], tolerance PT5M]");
  }

  @Test
  void aNonPositiveToleranceIsRefused() {
    assertThatThrownBy(() -> WechatV3Verifier.of(KEYS, clock, Duration.ZERO))
        .hasMessage("tolerance: must be positive, got PT0S");
  }
}
