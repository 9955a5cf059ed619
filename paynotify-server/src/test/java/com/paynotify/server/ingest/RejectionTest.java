package com.paynotify.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.ConflictException;
import com.paynotify.InvalidRequestException;
import com.paynotify.StoreException;
import com.paynotify.server.api.MalformedRequestException;
import com.paynotify.server.api.NotificationRequests;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures dead-letter a message, and which hold it for another try. */
class RejectionTest {

  @Test
  void aBodyTheApiRefusesIsRejectedWithTheApisCodeAndField() {
    assertThat(rejectionOf("not json"))
        .isEqualTo(new Rejection("MALFORMED_REQUEST", null, "the request body is not valid JSON"));
    assertThat(rejectionOf("{\"merchantId\":\"shop\"}"))
        .isEqualTo(new Rejection("MISSING_FIELD", "channel", "channel: is required"));
    assertThat(rejectionOf("{\"merchantId\":\"shop\",\"channel\":\"PIGEON\"}").code())
        .isEqualTo("INVALID_VALUE");
    assertThat(Rejection.of(new ConflictException("key reused")))
        .contains(new Rejection("CONFLICT", null, "key reused"));
  }

  @Test
  void anOutageOrAFaultOfOurOwnIsNoRejection() {
    assertThat(Rejection.of(new StoreException("down", new SQLException("refused")))).isEmpty();
    assertThat(Rejection.of(new IllegalStateException("bug"))).isEmpty();
    assertThat(Rejection.of(new NullPointerException())).isEmpty();
  }

  @Test
  void headersCarryTheReasonAndAFieldOnlyWhenThereIsOne() {
    assertThat(new Rejection("MISSING_FIELD", "amount", "amount: is required").headers())
        .containsExactly(
            java.util.Map.entry("paynotify-error", "MISSING_FIELD"),
            java.util.Map.entry("paynotify-error-field", "amount"),
            java.util.Map.entry("paynotify-error-message", "amount: is required"));
    assertThat(new Rejection("CONFLICT", null, "x").headers())
        .doesNotContainKey("paynotify-error-field");
    assertThat(new Rejection("CONFLICT", null, "x".repeat(5_000)).message()).hasSize(1_001);
  }

  private static Rejection rejectionOf(String body) {
    try {
      NotificationRequests.parse(body);
    } catch (MalformedRequestException | InvalidRequestException e) {
      return Rejection.of(e).orElseThrow();
    }
    throw new AssertionError("accepted: " + body);
  }

  @Test
  void theSharedReadingIsTheApis() {
    assertThatThrownBy(() -> NotificationRequests.parse(null))
        .isInstanceOf(MalformedRequestException.class);
  }
}
