package com.paynotify.channel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds the events the tests send: {@code aPayment().refunded("40.00").build()}. */
final class PaymentEvents {
  /** 16:00:00 in Beijing. */
  static final Instant OCCURRED_AT = Instant.parse("2026-11-23T08:00:00Z");

  /** The attempt: five seconds later. */
  static final Instant NOW = Instant.parse("2026-11-23T08:00:05Z");

  private String notifyId = "ntf_01JDTESTNOTIFY0000000001";
  private String orderNo = "ORDER001";
  private @Nullable String transactionId = "2026112322001400000000000001";
  private PaymentStatus status = PaymentStatus.SUCCESS;
  private BigDecimal amount = new BigDecimal("100.00");
  private @Nullable BigDecimal refundAmount;
  private String currency = "CNY";
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private @Nullable Instant paidAt;
  private @Nullable Instant refundedAt;

  private PaymentEvents() {}

  static PaymentEvents aPayment() {
    return new PaymentEvents();
  }

  /**
   * Values that break naive signing: Chinese text, {@code &}, {@code =}, {@code +}, spaces, JSON, a
   * CDATA terminator.
   */
  static Map<String, Object> awkwardExtra() {
    var extra = new LinkedHashMap<String, Object>();
    extra.put("subject", "充值 100元 & 优惠=满减+1");
    extra.put("body", "a+b=c & d e ]]> end");
    extra.put("passback_params", "{\"coupon\":\"满100减10\",\"q\":\"x=1&y=2\"}");
    extra.put("attach", "{\"channel\":\"小程序\",\"note\":\"a & b\"}");
    extra.put("extend_params", Map.of("sys_service_provider_id", "2088 511833207846"));
    return extra;
  }

  PaymentEvents notifyId(String notifyId) {
    this.notifyId = notifyId;
    return this;
  }

  PaymentEvents orderNo(String orderNo) {
    this.orderNo = orderNo;
    return this;
  }

  PaymentEvents transactionId(@Nullable String transactionId) {
    this.transactionId = transactionId;
    return this;
  }

  PaymentEvents status(PaymentStatus status) {
    this.status = status;
    return this;
  }

  PaymentEvents amount(String amount) {
    this.amount = new BigDecimal(amount);
    return this;
  }

  PaymentEvents currency(String currency) {
    this.currency = currency;
    return this;
  }

  PaymentEvents refunded(String refundAmount) {
    this.status = PaymentStatus.REFUNDED;
    this.refundAmount = new BigDecimal(refundAmount);
    return this;
  }

  PaymentEvents paidAt(String instant) {
    this.paidAt = Instant.parse(instant);
    return this;
  }

  PaymentEvents refundedAt(String instant) {
    this.refundedAt = Instant.parse(instant);
    return this;
  }

  PaymentEvents extra(String key, Object value) {
    extra.put(key, value);
    return this;
  }

  PaymentEvents extra(Map<String, Object> entries) {
    extra.putAll(entries);
    return this;
  }

  PaymentEvent build() {
    return new PaymentEvent(
        notifyId,
        "M100",
        orderNo,
        transactionId,
        status,
        amount,
        refundAmount,
        currency,
        extra,
        OCCURRED_AT,
        paidAt,
        refundedAt);
  }
}
