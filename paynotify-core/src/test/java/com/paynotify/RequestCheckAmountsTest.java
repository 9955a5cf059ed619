package com.paynotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.delivery.NetworkPolicy;
import com.paynotify.notification.NotificationRequest;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Amounts as a library caller hands them over, not bounded by any JSON reader first. */
class RequestCheckAmountsTest {
  private final RequestCheck check =
      new RequestCheck(NetworkPolicy.publicOnly(), host -> new InetAddress[0]);

  private static NotificationRequest request(
      PaymentStatus status, String amount, @Nullable String refund) {
    return new NotificationRequest(
        "m1",
        Channel.WEBHOOK,
        "O1",
        null,
        status,
        new BigDecimal(amount),
        refund == null ? null : new BigDecimal(refund),
        "CNY",
        "https://shop.example/notify",
        Map.of(),
        null,
        null);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1E-900000000",
        "-1E-900000000",
        "1E-5000000",
        "1E+900000000",
        "0E-900000000",
        "123456789012345678901234567890123.45"
      })
  void refusesAnAmountOutOfRangeWithoutWritingItOut(String amount) {
    var request = request(PaymentStatus.SUCCESS, amount, null);

    var refused = catchThrowableOfType(InvalidRequestException.class, () -> check.fields(request));

    assertThat(refused.field()).isEqualTo("amount");
    assertThat(refused.getMessage()).startsWith("amount: ").hasSizeLessThan(200);
  }

  @Test
  void refusesARefundAmountOutOfRangeWithoutWritingItOut() {
    var request = request(PaymentStatus.REFUNDED, "10.00", "1E-900000000");

    var refused = catchThrowableOfType(InvalidRequestException.class, () -> check.fields(request));

    assertThat(refused.field()).isEqualTo("refundAmount");
    assertThat(refused.getMessage()).hasSizeLessThan(200);
  }

  @Test
  void acceptsAnAmountWrittenWithTrailingZerosWithinRange() {
    var request = request(PaymentStatus.REFUNDED, "100.000000", "0.5000");

    var checking = assertThatCode(() -> check.fields(request));

    checking.doesNotThrowAnyException();
  }

  @Test
  void echoesALongValueCutToSixtyFourCharactersAndItsLength() {
    var echoed = InvalidRequestException.echo("x".repeat(1_000));

    assertThat(echoed).isEqualTo("'" + "x".repeat(64) + "…' (1000 characters)");
    assertThat(InvalidRequestException.echo("short")).isEqualTo("'short'");
    assertThat(InvalidRequestException.echo("x".repeat(63) + "😀")).endsWith("x…' (65 characters)");
  }
}
