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
    assertThat(DedupKeys.wechatV3("EV-2018022511223320873"))
        .isEqualTo("WECHAT_V3:EV-2018022511223320873");
    assertThat(DedupKeys.wechatV2("4200000001", "SUCCESS"))
        .isEqualTo("WECHAT_V2:4200000001:SUCCESS");
    assertThat(DedupKeys.webhook("msg_2Lx")).isEqualTo("WEBHOOK:msg_2Lx");
  }

  @Test
  void aWechatV2TransactionThatChangesResultIsANewNotification() {
    assertThat(DedupKeys.wechatV2("4200000001", "FAIL"))
        .isNotEqualTo(DedupKeys.wechatV2("4200000001", "SUCCESS"));
  }

  @Test
  void aVeryLongIdIsHashedToFitTheUniqueColumn() {
    var key = DedupKeys.webhook("x".repeat(500));

    assertThat(key).startsWith("WEBHOOK:sha256:").hasSizeLessThanOrEqualTo(DedupKeys.MAX_LENGTH);
  }

  @Test
  void aBlankIdIsRefusedByName() {
    assertThatThrownBy(() -> DedupKeys.alipay(" "))
        .hasMessage("notify_id: must not be blank, got ' '");
  }

  @Test
  void aPaynotifyV2CallbackWithoutTransactionIdKeysByItsNotifyIdApartFromTransactions() {
    assertThat(DedupKeys.wechatV2NotifyId("ntf_1")).isEqualTo("WECHAT_V2:notify:ntf_1");
  }

  @Test
  void theFingerprintIgnoresTheAmountsScale() {
    var a =
        new ReceivedNotification(
            Channel.WECHAT_V2,
            "42001",
            "WECHAT_V2:42001:SUCCESS",
            "O1",
            "42001",
            PaymentStatus.SUCCESS,
            new BigDecimal("88.80"),
            null,
            "CNY",
            Map.of());
    var b =
        new ReceivedNotification(
            Channel.WECHAT_V2,
            "42001",
            a.dedupKey(),
            "O1",
            "42001",
            PaymentStatus.SUCCESS,
            new BigDecimal("88.8"),
            null,
            "CNY",
            Map.of());

    assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isEqualTo("O1|SUCCESS|88.8|CNY");
  }

  @Test
  void aRefundsFingerprintHoldsTheRefundedAmount() {
    var refund =
        new ReceivedNotification(
            Channel.ALIPAY,
            "N1",
            "ALIPAY:N1",
            "O1",
            "T1",
            PaymentStatus.REFUNDED,
            new BigDecimal("50.00"),
            new BigDecimal("12.50"),
            "CNY",
            Map.of());

    assertThat(refund.fingerprint()).isEqualTo("O1|REFUNDED|50|CNY|refund 12.5");
  }

  @Test
  void aKeyOrFingerprintWithANulCharacterIsHashedSoEveryStoreCanHoldIt() {
    var key = DedupKeys.alipay("ntf\u0000evil");
    var notification =
        new ReceivedNotification(
            Channel.ALIPAY,
            "N1",
            "ALIPAY:N1",
            "O\u00001",
            "T1",
            PaymentStatus.SUCCESS,
            new BigDecimal("1.00"),
            null,
            "CNY",
            Map.of());

    assertThat(key).startsWith("ALIPAY:sha256:").doesNotContain("\u0000");
    assertThat(notification.fingerprint()).startsWith("sha256:").doesNotContain("\u0000");
  }
}
