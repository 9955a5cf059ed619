package com.paynotify.channel;

import static com.paynotify.channel.PaymentEvents.NOW;
import static com.paynotify.channel.PaymentEvents.aPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What holds for every channel alike. */
class ChannelFormatTest {

  static ChannelCredentials credentials(Channel channel) {
    return switch (channel) {
      case ALIPAY -> AlipayFormatTest.RSA2;
      case WECHAT_V3 -> WechatV3FormatTest.CREDENTIALS;
      case WECHAT_V2 -> WechatV2FormatTest.MD5;
      case WEBHOOK -> WebhookFormatTest.CREDENTIALS;
    };
  }

  static VerificationKeys keys(Channel channel) {
    return switch (channel) {
      case ALIPAY -> AlipayFormatTest.KEYS;
      case WECHAT_V3 -> WechatV3FormatTest.KEYS;
      case WECHAT_V2 -> WechatV2FormatTest.MD5_KEYS;
      case WEBHOOK -> WebhookFormatTest.KEYS;
    };
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void hasAFormatForEveryChannel(Channel channel) {
    var format = ChannelFormat.of(channel);

    assertThat(format.channel()).isEqualTo(channel);
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void refusesProcessingAndRefundingEverywhere(Channel channel) {
    var format = ChannelFormat.of(channel);

    assertThat(format.refusal(PaymentStatus.PROCESSING))
        .hasValue("payment status PROCESSING is not final and is never notified");
    assertThat(format.refusal(PaymentStatus.REFUNDING))
        .hasValue("payment status REFUNDING is not final and is never notified");
    assertThatThrownBy(
            () ->
                format.build(
                    aPayment().status(PaymentStatus.PROCESSING).build(), credentials(channel), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("paymentStatus: payment status PROCESSING is not final and is never notified");
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void carriesASuccessfulPaymentEverywhere(Channel channel) {
    assertThat(ChannelFormat.of(channel).refusal(PaymentStatus.SUCCESS)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void readsBackWhatItSentAsTheSameVerifiedEvent(Channel channel) {
    var format = ChannelFormat.of(channel);
    var event = aPayment().build();
    var callback = format.build(event, credentials(channel), NOW);

    var verified =
        format.verify(
            new ReceivedCallback(callback.headers(), callback.body()),
            keys(channel),
            NOW,
            Duration.ofMinutes(5));

    assertThat(verified.channel()).isEqualTo(channel);
    assertThat(verified.notifyId()).isEqualTo(event.notifyId());
    assertThat(verified.orderNo()).isEqualTo(event.orderNo());
    assertThat(verified.transactionId()).isEqualTo(event.transactionId());
    assertThat(verified.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
    assertThat(verified.amount()).isEqualByComparingTo(event.amount());
    assertThat(verified.refundAmount()).isNull();
    assertThat(verified.currency()).isEqualTo("CNY");
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void judgesItsOwnAcksAsTheSenderShould(Channel channel) {
    var format = ChannelFormat.of(channel);
    var success = format.successAck();
    var failure = format.failureAck("not yet");

    assertThat(format.judge(success.httpStatus(), success.bodyText()))
        .isEqualTo(AckVerdict.ACCEPTED);
    assertThat(format.judge(failure.httpStatus(), failure.bodyText()))
        .isNotEqualTo(AckVerdict.ACCEPTED);
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void refusesCredentialsAndKeysOfAnotherChannel(Channel channel) {
    var format = ChannelFormat.of(channel);
    var other = channel == Channel.WEBHOOK ? Channel.ALIPAY : Channel.WEBHOOK;
    var received = new ReceivedCallback(Map.of(), new byte[0]);

    assertThatThrownBy(() -> format.build(aPayment().build(), credentials(other), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("credentials: " + channel);
    assertThatThrownBy(() -> format.verify(received, keys(other), NOW, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("keys: " + channel);
  }

  @Test
  void findsReceivedHeadersWhateverTheirCase() {
    var received = new ReceivedCallback(Map.of("wechatpay-SERIAL", "PUB_KEY_ID_1"), new byte[0]);

    assertThat(received.header("Wechatpay-Serial")).isEqualTo("PUB_KEY_ID_1");
    assertThat(received.header("webhook-id")).isNull();
  }

  @Test
  void refusesVerificationKeysWithNoKey() {
    assertThatThrownBy(
            () -> new VerificationKeys.WechatV2(List.of(), WechatV2Credentials.SignType.MD5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiKeys: at least one key is required");
  }
}
