package com.paynotify.receiver;

import static com.paynotify.receiver.OfficialSdk.OTHER;
import static com.paynotify.receiver.OfficialSdk.PLATFORM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.AlipayCredentials.SignType;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.InvalidCallbackException;
import com.paynotify.channel.InvalidCallbackException.Check;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.VerificationKeys;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Alipay notifications signed by {@code alipay-sdk-java}'s own signing code, through the receiver.
 */
class AlipayVerifierTest {
  private static final String FAIL = "fail";
  private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final AtomicInteger runs = new AtomicInteger();
  private final H2Receivers h2 = new H2Receivers();
  private static final String KEY_TEXT =
      RsaKeys.publicKeyBase64(PLATFORM.getPublic()).substring(40, 80);
  private static final String OTHER_KEY_TEXT =
      RsaKeys.privateKeyBase64(OTHER.getPrivate()).substring(40, 80);

  @AfterEach
  void close() {
    h2.close();
  }

  private NotificationReceiver receiver(SignType signType, java.security.PublicKey... keys) {
    return h2.receiver(
        AlipayVerifier.of(new VerificationKeys.Alipay(List.of(keys), signType), clock),
        clock,
        metrics);
  }

  private Receipt handle(NotificationReceiver receiver, ReceivedCallback callback) {
    return receiver.handle(callback, n -> runs.incrementAndGet());
  }

  private static ReceivedCallback signed(String notifyId, String orderNo, String amount) {
    return OfficialSdk.alipay(
        OfficialSdk.alipayPayment(notifyId, orderNo, amount), SignType.RSA2, PLATFORM.getPrivate());
  }

  /** Runs the callback through a receiver and the verifier alone; returns the check it failed. */
  private Check rejectionOf(ReceivedCallback callback) {
    try (var receiver = receiver(SignType.RSA2, PLATFORM.getPublic())) {
      var receipt = handle(receiver, callback);

      var failure = ChannelFormat.of(Channel.ALIPAY).failureAck("x");
      assertThat(receipt.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(receipt.notification()).isNull();
      assertThat(receipt.reply())
          .isEqualTo(new Reply(failure.httpStatus(), failure.contentType(), FAIL));
      assertThat(receipt.reply().isSuccess(Channel.ALIPAY)).isFalse();
      assertThat(runs).hasValue(0);
    }
    var verifier =
        AlipayVerifier.of(
            new VerificationKeys.Alipay(List.of(PLATFORM.getPublic()), SignType.RSA2), clock);
    try {
      verifier.verify(callback);
      throw new AssertionError("verified");
    } catch (InvalidCallbackException e) {
      assertThat(e.getMessage()).doesNotContain(KEY_TEXT, OTHER_KEY_TEXT);
      return e.check();
    }
  }

  @ParameterizedTest
  @EnumSource(SignType.class)
  void aNotificationTheSdkSignsIsProcessedOnceAndAnsweredSuccess(SignType signType) {
    var callback =
        OfficialSdk.alipay(
            OfficialSdk.alipayPayment("ac05099524730693a8b330c5ecf72da9786", "ORDER009", "88.88"),
            signType,
            PLATFORM.getPrivate());
    try (var receiver = receiver(signType, PLATFORM.getPublic())) {

      var first = handle(receiver, callback);
      var retry = handle(receiver, callback);

      assertThat(first.outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(retry.outcome()).isEqualTo(Outcome.DUPLICATE_DONE);
      assertThat(runs).hasValue(1);
      var ack = ChannelFormat.of(Channel.ALIPAY).successAck();
      for (var receipt : List.of(first, retry)) {
        assertThat(receipt.reply().status()).isEqualTo(ack.httpStatus());
        assertThat(receipt.reply().contentType()).isEqualTo(ack.contentType());
        assertThat(receipt.reply().body()).isEqualTo("success");
      }
      var notification = first.notification();
      assertThat(notification.dedupKey()).isEqualTo("ALIPAY:ac05099524730693a8b330c5ecf72da9786");
      assertThat(notification.orderNo()).isEqualTo("ORDER009");
      assertThat(notification.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
      assertThat(notification.amount()).isEqualByComparingTo("88.88");
      assertThat(notification.currency()).isEqualTo("CNY");
      assertThat(notification.rawFields()).containsEntry("subject", "咖啡 & tea=1+1");
    }
  }

  @Test
  void duringARotationBothTheOldAndTheNewKeyVerify() {
    try (var receiver = receiver(SignType.RSA2, OTHER.getPublic(), PLATFORM.getPublic())) {
      var byOld =
          OfficialSdk.alipay(
              OfficialSdk.alipayPayment("N-old", "O-1", "1.00"),
              SignType.RSA2,
              PLATFORM.getPrivate());
      var byNew =
          OfficialSdk.alipay(
              OfficialSdk.alipayPayment("N-new", "O-2", "2.00"), SignType.RSA2, OTHER.getPrivate());

      assertThat(handle(receiver, byOld).outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(handle(receiver, byNew).outcome()).isEqualTo(Outcome.PROCESSED);
    }
  }

  @Test
  void aCallbackSignedWithAnotherKeyIsRejected() {
    var forged =
        OfficialSdk.alipay(
            OfficialSdk.alipayPayment("N-1", "O-1", "1.00"), SignType.RSA2, OTHER.getPrivate());

    assertThat(rejectionOf(forged)).isEqualTo(Check.SIGNATURE);
    assertThat(metrics.count(Outcome.REJECTED)).isEqualTo(1);
  }

  @Test
  void aBadSignatureIsRejected() {
    var params =
        OfficialSdk.alipaySigned(
            OfficialSdk.alipayPayment("N-1", "O-1", "1.00"), SignType.RSA2, PLATFORM.getPrivate());
    params.put("sign", "AAAA" + params.get("sign").substring(4));

    assertThat(rejectionOf(OfficialSdk.alipayForm(params))).isEqualTo(Check.SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"total_amount", "out_trade_no", "trade_status", "notify_id"})
  void aTamperedFieldIsRejected(String field) {
    var params =
        OfficialSdk.alipaySigned(
            OfficialSdk.alipayPayment("N-1", "O-1", "100.00"),
            SignType.RSA2,
            PLATFORM.getPrivate());
    params.put(
        field,
        field.equals("total_amount")
            ? "0.01"
            : field.equals("trade_status") ? "TRADE_FINISHED" : "X-1");

    assertThat(rejectionOf(OfficialSdk.alipayForm(params))).isEqualTo(Check.SIGNATURE);
  }

  @Test
  void anRsaSignatureIsRefusedWhereRsa2IsConfigured() {
    var downgraded =
        OfficialSdk.alipay(
            OfficialSdk.alipayPayment("N-1", "O-1", "1.00"), SignType.RSA, PLATFORM.getPrivate());

    assertThat(rejectionOf(downgraded)).isEqualTo(Check.SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sign", "notify_id", "out_trade_no", "total_amount"})
  void aMissingFieldIsRejectedAsMalformed(String field) {
    var unsigned = new LinkedHashMap<>(OfficialSdk.alipayPayment("N-1", "O-1", "1.00"));
    Map<String, String> params;
    if (field.equals("sign")) {
      params = OfficialSdk.alipaySigned(unsigned, SignType.RSA2, PLATFORM.getPrivate());
      params.remove("sign");
    } else {
      unsigned.remove(field); // signed without it: the signature holds, the field is still required
      params = OfficialSdk.alipaySigned(unsigned, SignType.RSA2, PLATFORM.getPrivate());
    }

    assertThat(rejectionOf(OfficialSdk.alipayForm(params))).isEqualTo(Check.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{\"notify_id\":\"N-1\"}", "a=1&a=2", "%zz=1"})
  void aBodyThatIsNoFormIsRejected(String body) {
    var callback = new ReceivedCallback(Map.of(), body.getBytes(StandardCharsets.UTF_8));

    assertThat(rejectionOf(callback)).isEqualTo(Check.MALFORMED);
  }

  @Test
  void noRejectionMessageCarriesKeyMaterial() {
    var verifier =
        AlipayVerifier.of(
            new VerificationKeys.Alipay(List.of(PLATFORM.getPublic()), SignType.RSA2), clock);
    var forged =
        OfficialSdk.alipay(
            OfficialSdk.alipayPayment("N-1", "O-1", "1.00"), SignType.RSA2, OTHER.getPrivate());

    assertThatThrownBy(() -> verifier.verify(forged))
        .hasMessage("SIGNATURE: sign matches no configured Alipay public key")
        .message()
        .doesNotContain(RsaKeys.publicKeyBase64(PLATFORM.getPublic()).substring(40, 80));
    assertThat(verifier.toString())
        .isEqualTo("AlipayVerifier[VerificationKeys.Alipay[1 key(s), RSA2]]");
  }

  @Test
  void theSameNotifyIdWithAnotherAmountIsAMismatch() {
    try (var receiver = receiver(SignType.RSA2, PLATFORM.getPublic())) {
      handle(receiver, signed("N-9", "O-9", "100.00"));

      var other = handle(receiver, signed("N-9", "O-9", "0.01"));

      assertThat(other.outcome()).isEqualTo(Outcome.MISMATCH);
      assertThat(other.reply().body()).isEqualTo(FAIL);
      assertThat(runs).hasValue(1);
    }
  }
}
