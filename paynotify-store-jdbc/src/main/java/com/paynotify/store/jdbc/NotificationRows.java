package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.getInstant;
import static com.paynotify.store.jdbc.Jdbc.getNullableInt;
import static com.paynotify.store.jdbc.Jdbc.getRequiredInstant;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.ErrorKind;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a notification and an attempt are read from their rows, and their JSON columns written: the
 * one mapping {@link JdbcDeliveryQueue} and {@link JdbcNotificationReports} share.
 */
final class NotificationRows {
  /** Reads decimals in {@code extra} as BigDecimal, so {@code 1.10} comes back as {@code 1.10}. */
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, String>> JSON_HEADERS =
      new TypeReference<>() {};

  /** The columns {@link #read} reads, in the order of the schema. */
  static final String COLUMNS =
      """
      id, merchant_id, channel, order_no, transaction_id, payment_status, amount, refund_amount,
      currency, notify_url, extra, retry_policy, idempotency_key, fingerprint, status, attempts,
      max_attempts, next_attempt_at, lease_until, last_http_status, last_response, last_error,
      created_at, updated_at, completed_at, abandon_reason, version, paid_at, refunded_at, headers""";

  private NotificationRows() {}

  /** {@code extra} as a JSON object, in its order. */
  static String extraText(Map<String, Object> extra) {
    return JSON.writeValueAsString(extra);
  }

  /** Headers as a JSON object, in their order; NULL for none, as most notifications have. */
  static @Nullable String headersText(Map<String, String> headers) {
    return headers.isEmpty() ? null : JSON.writeValueAsString(headers);
  }

  /** The headers {@link #headersText} wrote; none for NULL. */
  static Map<String, String> headersOf(@Nullable String text) {
    return text == null ? Map.of() : JSON.readValue(text, JSON_HEADERS);
  }

  /** The notification of a row selected with {@link #COLUMNS}. */
  static Notification read(ResultSet row) throws SQLException {
    return Notification.builder()
        .id(row.getString("id"))
        .merchantId(row.getString("merchant_id"))
        .channel(Channel.valueOf(row.getString("channel")))
        .orderNo(row.getString("order_no"))
        .transactionId(row.getString("transaction_id"))
        .paymentStatus(PaymentStatus.valueOf(row.getString("payment_status")))
        .amount(row.getBigDecimal("amount"))
        .refundAmount(row.getBigDecimal("refund_amount"))
        .currency(row.getString("currency"))
        .notifyUrl(row.getString("notify_url"))
        .extra(JSON.readValue(row.getString("extra"), JSON_OBJECT))
        .retryPolicy(row.getString("retry_policy"))
        .idempotencyKey(row.getString("idempotency_key"))
        .fingerprint(row.getString("fingerprint"))
        .status(NotificationStatus.valueOf(row.getString("status")))
        .attempts(row.getInt("attempts"))
        .maxAttempts(row.getInt("max_attempts"))
        .nextAttemptAt(getInstant(row, "next_attempt_at"))
        .leaseUntil(getInstant(row, "lease_until"))
        .lastHttpStatus(getNullableInt(row, "last_http_status"))
        .lastResponse(row.getString("last_response"))
        .lastError(row.getString("last_error"))
        .createdAt(getRequiredInstant(row, "created_at"))
        .updatedAt(getRequiredInstant(row, "updated_at"))
        .completedAt(getInstant(row, "completed_at"))
        .abandonReason(row.getString("abandon_reason"))
        .version(row.getLong("version"))
        .paidAt(getInstant(row, "paid_at"))
        .refundedAt(getInstant(row, "refunded_at"))
        .headers(headersOf(row.getString("headers")))
        .build();
  }

  /** The attempt of a row of {@code attempt}. */
  static Attempt readAttempt(ResultSet row) throws SQLException {
    var errorKind = row.getString("error_kind");
    return new Attempt(
        row.getString("notification_id"),
        row.getInt("number"),
        getRequiredInstant(row, "started_at"),
        Duration.ofMillis(row.getLong("duration_ms")),
        getNullableInt(row, "http_status"),
        row.getString("response"),
        errorKind == null ? null : ErrorKind.valueOf(errorKind),
        row.getString("error"),
        headersOf(row.getString("request_headers")));
  }
}
