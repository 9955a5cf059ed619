package com.paynotify.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  private static NotificationRequest request(String amount, Map<String, Object> extra) {
    return new NotificationRequest(
        "m1",
        Channel.WEBHOOK,
        "O1",
        "T1",
        PaymentStatus.SUCCESS,
        new BigDecimal(amount),
        null,
        "CNY",
        "https://shop.example/notify",
        extra,
        null,
        null);
  }

  @Test
  void ignoresKeyOrderAndTrailingZeros() {
    var ab = new LinkedHashMap<String, Object>();
    ab.put("a", 1);
    ab.put("b", List.of("x", Map.of("c", new BigDecimal("1.50"))));
    var ba = new LinkedHashMap<String, Object>();
    ba.put("b", List.of("x", Map.of("c", new BigDecimal("1.5"))));
    ba.put("a", 1);

    assertThat(Fingerprint.of(request("100.00", ab), "standard"))
        .isEqualTo(Fingerprint.of(request("100", ba), "standard"));
  }

  @Test
  void changesWithAnyField() {
    var base = Fingerprint.of(request("100.00", Map.of()), "standard");

    assertThat(Fingerprint.of(request("100.01", Map.of()), "standard")).isNotEqualTo(base);
    assertThat(Fingerprint.of(request("100.00", Map.of("k", "v")), "standard")).isNotEqualTo(base);
    assertThat(Fingerprint.of(request("100.00", Map.of()), "alipay")).isNotEqualTo(base);
  }

  @Test
  void makesTimeOrderedIdsThatDoNotRepeat() {
    var t = Instant.parse("2026-01-01T00:00:00Z");
    var first = NotificationIds.next(t);
    var later = NotificationIds.next(t.plusMillis(1));

    assertThat(first).matches("ntf_[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(later).isGreaterThan(first);
    assertThat(NotificationIds.next(t)).isNotEqualTo(NotificationIds.next(t));
  }
}
