package com.paynotify.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.paynotify.InvalidRequestException;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.server.api.MalformedRequestException;
import com.paynotify.server.api.PaymentMessages;
import com.paynotify.server.api.UnknownFieldException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * A payment message is read by the API's payment conversions; a status update carries in its body
 * the payment id the path carries, and the {@code paynotify-type} header tells the kinds apart.
 */
class BrokerPaymentBodyTest {

  @Test
  void aStatusUpdateNamesItsPaymentInTheBody() {
    var move =
        PaymentMessages.parseMove(
            "{\"paymentId\":\"pay-1\",\"merchantId\":\"m1\",\"status\":\"REFUNDING\","
                + "\"refundAmount\":\"30.00\"}");

    assertThat(move.paymentId()).isEqualTo("pay-1");
    assertThat(move.update().status()).isEqualTo(PaymentStatus.REFUNDING);
    assertThat(move.update().refundAmount()).isEqualTo(new BigDecimal("30.00"));
  }

  @Test
  void aStatusUpdateIsRefusedAsTheApiRefusesItNamingTheField() {
    assertThat(
            catchThrowableOfType(
                    InvalidRequestException.class,
                    () ->
                        PaymentMessages.parseMove("{\"merchantId\":\"m1\",\"status\":\"SUCCESS\"}"))
                .field())
        .isEqualTo("paymentId");
    assertThat(
            catchThrowableOfType(
                    InvalidRequestException.class,
                    () ->
                        PaymentMessages.parseMove(
                            "{\"paymentId\":7,\"merchantId\":\"m1\",\"status\":\"SUCCESS\"}"))
                .field())
        .isEqualTo("paymentId");
    assertThat(
            catchThrowableOfType(
                    InvalidRequestException.class,
                    () ->
                        PaymentMessages.parseMove(
                            "{\"paymentId\":\"p\",\"merchantId\":\"m1\",\"status\":\"PAID\"}"))
                .field())
        .isEqualTo("status");
    assertThat(
            catchThrowableOfType(
                    UnknownFieldException.class,
                    () ->
                        PaymentMessages.parseMove(
                            "{\"paymentId\":\"p\",\"merchantId\":\"m1\",\"status\":\"SUCCESS\",\"x\":1}"))
                .field())
        .isEqualTo("x");
    assertThat(
            catchThrowableOfType(
                MalformedRequestException.class, () -> PaymentMessages.parseMove("[1]")))
        .isNotNull();
    assertThat(
            catchThrowableOfType(
                MalformedRequestException.class, () -> PaymentMessages.parseMove("{\"a\":")))
        .isNotNull();
  }

  @Test
  void aMessageWithoutAKindIsANotificationCreateAndAnUnknownKindIsRefusedNamingTheHeader() {
    assertThat(Ingestion.Kind.of(null)).contains(Ingestion.Kind.NOTIFICATION);
    assertThat(Ingestion.Kind.of("payment")).contains(Ingestion.Kind.PAYMENT);
    assertThat(Ingestion.Kind.of("payment-status")).contains(Ingestion.Kind.PAYMENT_STATUS);
    assertThat(Ingestion.Kind.of("Payment")).isEmpty();
    assertThat(Ingestion.Kind.unknown("refund").field()).isEqualTo("paynotify-type");
  }
}
