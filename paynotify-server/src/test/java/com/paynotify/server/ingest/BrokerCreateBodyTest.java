package com.paynotify.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.paynotify.InvalidRequestException;
import com.paynotify.server.api.NotificationRequests;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A broker message is read by the API's create conversion: it takes the times and headers a request
 * does.
 */
class BrokerCreateBodyTest {
  static final String BODY =
      """
      {"merchantId":"m1","channel":"ALIPAY","orderNo":"O-1","paymentStatus":"REFUNDED","amount":"10.00","currency":"CNY",
       "notifyUrl":"https://shop.example/notify","paidAt":"2026-11-30T10:15:30+08:00","refundedAt":"2026-12-01T01:00:00Z",
       "headers":{"X-Route":"eu-1","Authorization":"Bearer t"}}""";

  @Test
  void readsThePaymentAndRefundTimesAsUtcAndTheHeadersInTheirOrder() {
    var request = NotificationRequests.parse(BODY);

    assertThat(request.paidAt()).isEqualTo(Instant.parse("2026-11-30T02:15:30Z"));
    assertThat(request.refundedAt()).isEqualTo(Instant.parse("2026-12-01T01:00:00Z"));
    assertThat(List.copyOf(request.headers().keySet())).containsExactly("X-Route", "Authorization");
  }

  @Test
  void refusesATimeWithoutAnOffsetNamingItsField() {
    var thrown =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                NotificationRequests.parse(
                    BODY.replace("2026-12-01T01:00:00Z", "2026-12-01T01:00:00")));

    assertThat(thrown.field()).isEqualTo("refundedAt");
    assertThat(thrown.getMessage()).contains("has no offset");
  }
}
