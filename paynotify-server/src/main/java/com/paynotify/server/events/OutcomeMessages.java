package com.paynotify.server.events;

import com.paynotify.store.jdbc.OutcomeEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of a published outcome: {@code {"type": "notification.succeeded", "notificationId",
 * "merchantId", "orderNo", "paymentStatus", "status", "attempts", "lastHttpStatus",
 * "abandonReason", "createdAt", "completedAt"}}, the same on Kafka and RabbitMQ.
 */
final class OutcomeMessages {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private OutcomeMessages() {}

  /** {@code notification.succeeded}, {@code .failed} or {@code .abandoned}. */
  static String type(OutcomeEvent event) {
    return "notification." + event.status().toLowerCase(Locale.ROOT);
  }

  /** One order's outcomes share a Kafka partition under this key. */
  static String key(OutcomeEvent event) {
    return event.merchantId() + ":" + event.orderNo();
  }

  static String json(OutcomeEvent event) {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("type", type(event));
    fields.put("notificationId", event.notificationId());
    fields.put("merchantId", event.merchantId());
    fields.put("orderNo", event.orderNo());
    fields.put("paymentStatus", event.paymentStatus());
    fields.put("status", event.status());
    fields.put("attempts", event.attempts());
    fields.put("lastHttpStatus", event.lastHttpStatus());
    fields.put("abandonReason", event.abandonReason());
    fields.put("createdAt", event.createdAt().toString());
    fields.put("completedAt", event.completedAt().toString());
    return JSON.writeValueAsString(fields);
  }
}
