package com.paynotify.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DedupKeysTest {

  @Test
  void eachChannelKeysByWhatItsSenderKeepsAcrossRetries() {
    assertThat(DedupKeys.alipay("2026112300222154501")).isEqualTo("ALIPAY:2026112300222154501");
    assertThat(DedupKeys.wechatV3("EV-2018022511223320873")).isEqualTo("WECHAT_V3:EV-2018022511223320873");
    assertThat(DedupKeys.wechatV2("4200000001", "SUCCESS")).isEqualTo("WECHAT_V2:4200000001:SUCCESS");
    assertThat(DedupKeys.webhook("msg_2Lx")).isEqualTo("WEBHOOK:msg_2Lx");
  }

  @Test
  void aWechatV2TransactionThatChangesResultIsANewNotification() {
    assertThat(DedupKeys.wechatV2("4200000001", "FAIL")).isNotEqualTo(DedupKeys.wechatV2("4200000001", "SUCCESS"));
  }

  @Test
  void aVeryLongIdIsHashedToFitTheUniqueColumn() {
    var key = DedupKeys.webhook("x".repeat(500));

    assertThat(key).startsWith("WEBHOOK:sha256:").hasSizeLessThanOrEqualTo(DedupKeys.MAX_LENGTH);
  }

  @Test
  void aBlankIdIsRefusedByName() {
    assertThatThrownBy(() -> DedupKeys.alipay(" ")).hasMessage("notify_id: must not be blank, got ' '");
  }

  @Test
  void alipayFieldsMapToTheTypedEventWithTheNotifyIdKey() {
    var notification = ChannelNotifications.alipay(Map.of(
        "notify_id", "N1", "out_trade_no", "O1", "trade_no", "T1",
        "trade_status", "TRADE_SUCCESS", "total_amount", "88.80"));

    assertThat(notification.channel()).isEqualTo(Channel.ALIPAY);
    assertThat(notification.dedupKey()).isEqualTo("ALIPAY:N1");
    assertThat(notification.paymentStatus()).isEqualTo(PaymentStatus.SUCCESS);
    assertThat(notification.amount()).isEqualByComparingTo("88.80");
    assertThat(notification.currency()).isEqualTo("CNY");
  }

  @Test
  void wechatV2FieldsKeyByTransactionAndResultWithTheAmountInFen() {
    var notification = ChannelNotifications.wechatV2(Map.of(
        "transaction_id", "42001", "out_trade_no", "O1", "result_code", "SUCCESS", "total_fee", "8880"));

    assertThat(notification.dedupKey()).isEqualTo("WECHAT_V2:42001:SUCCESS");
    assertThat(notification.amount()).isEqualByComparingTo("88.80");
  }

  @Test
  void theFingerprintIgnoresTheAmountsScale() {
    var a = ChannelNotifications.wechatV2(Map.of(
        "transaction_id", "42001", "out_trade_no", "O1", "result_code", "SUCCESS", "total_fee", "8880"));
    var b = new ReceivedNotification(Channel.WECHAT_V2, "42001", a.dedupKey(), "O1", "42001",
        PaymentStatus.SUCCESS, new BigDecimal("88.8"), "CNY", Map.of());

    assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isEqualTo("O1|SUCCESS|88.8|CNY");
  }
}
