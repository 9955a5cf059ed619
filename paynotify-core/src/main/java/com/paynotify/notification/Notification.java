package com.paynotify.notification;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentEvent;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One delivery task: one payment event for one merchant's order, to one notify URL, with where its
 * delivery stands. Immutable; every change is a new value written with a version check.
 *
 * @param id the notification id, also the notify id the merchant sees
 * @param amount in major units
 * @param refundAmount for a refund, the amount refunded
 * @param currency ISO 4217 code
 * @param extra free fields merged into the payload
 * @param retryPolicy the name of the retry policy
 * @param idempotencyKey unique per merchant; defaults to orderNo and payment status
 * @param fingerprint a digest of the request, to tell a replay from a conflicting reuse of the key
 * @param attempts attempts recorded so far
 * @param nextAttemptAt when PENDING, when the next attempt is due
 * @param leaseUntil when DELIVERING, when the claim lapses and another node may take it
 * @param version bumped by every write; fences a stale worker's result
 * @param paidAt when the payment was paid; null (rows from before it was kept) means {@code
 *     createdAt}
 * @param refundedAt for a refund, when it was made; null means {@code createdAt}
 * @param headers HTTP headers added to every attempt's callback, after the merchant's defaults
 */
public record Notification(
    String id,
    String merchantId,
    Channel channel,
    String orderNo,
    @Nullable String transactionId,
    PaymentStatus paymentStatus,
    BigDecimal amount,
    @Nullable BigDecimal refundAmount,
    String currency,
    String notifyUrl,
    Map<String, Object> extra,
    String retryPolicy,
    String idempotencyKey,
    String fingerprint,
    NotificationStatus status,
    int attempts,
    int maxAttempts,
    @Nullable Instant nextAttemptAt,
    @Nullable Instant leaseUntil,
    @Nullable Integer lastHttpStatus,
    @Nullable String lastResponse,
    @Nullable String lastError,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant completedAt,
    @Nullable String abandonReason,
    long version,
    @Nullable Instant paidAt,
    @Nullable Instant refundedAt,
    Map<String, String> headers) {

  public Notification {
    requireFieldsOfStatus(id, status, nextAttemptAt, leaseUntil, completedAt, abandonReason);
    if (attempts < 0) {
      throw new IllegalArgumentException(
          "attempts: " + attempts + " is negative (notification " + id + ")");
    }
    extra = Map.copyOf(extra);
    headers =
        headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    amount = inCurrencyScale(amount, currency);
    refundAmount = refundAmount == null ? null : inCurrencyScale(refundAmount, currency);
  }

  /**
   * What each status needs, so a state the engine cannot act on is refused where it is made, not
   * found later by a dispatcher: a PENDING one is due at some time, a DELIVERING one is under a
   * lease, an ended one has its completion time and no lease or next attempt, and only an ABANDONED
   * one has (and must have) the operator's reason.
   */
  private static void requireFieldsOfStatus(
      String id,
      NotificationStatus status,
      @Nullable Instant nextAttemptAt,
      @Nullable Instant leaseUntil,
      @Nullable Instant completedAt,
      @Nullable String abandonReason) {
    switch (status) {
      case PENDING -> {
        requirePresent(id, status, "nextAttemptAt", nextAttemptAt);
        requireAbsent(id, status, "leaseUntil", leaseUntil);
        requireAbsent(id, status, "completedAt", completedAt);
      }
      case DELIVERING -> {
        requirePresent(id, status, "leaseUntil", leaseUntil);
        requireAbsent(id, status, "completedAt", completedAt);
      }
      case SUCCEEDED, FAILED, ABANDONED -> {
        requirePresent(id, status, "completedAt", completedAt);
        requireAbsent(id, status, "leaseUntil", leaseUntil);
        requireAbsent(id, status, "nextAttemptAt", nextAttemptAt);
      }
    }
    if (status == NotificationStatus.ABANDONED) {
      requirePresent(id, status, "abandonReason", abandonReason);
    } else {
      requireAbsent(id, status, "abandonReason", abandonReason);
    }
  }

  private static void requirePresent(
      String id, NotificationStatus status, String field, @Nullable Object value) {
    if (value == null) {
      throw new IllegalArgumentException(
          field + ": required when " + status + " (notification " + id + ")");
    }
  }

  private static void requireAbsent(
      String id, NotificationStatus status, String field, @Nullable Object value) {
    if (value != null) {
      throw new IllegalArgumentException(
          field + ": must be null when " + status + " (notification " + id + "), got " + value);
    }
  }

  /**
   * The amount with the currency's usual number of decimals (100.00 CNY, 500 JPY), whatever scale a
   * database column gave it; an amount with more decimals than that is left as it is.
   */
  private static BigDecimal inCurrencyScale(BigDecimal amount, String currency) {
    int digits;
    try {
      digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
    } catch (IllegalArgumentException e) {
      return amount;
    }
    return digits >= 0 && amount.stripTrailingZeros().scale() <= digits
        ? amount.setScale(digits)
        : amount;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    var b = new Builder();
    b.id = id;
    b.merchantId = merchantId;
    b.channel = channel;
    b.orderNo = orderNo;
    b.transactionId = transactionId;
    b.paymentStatus = paymentStatus;
    b.amount = amount;
    b.refundAmount = refundAmount;
    b.currency = currency;
    b.notifyUrl = notifyUrl;
    b.extra = extra;
    b.retryPolicy = retryPolicy;
    b.idempotencyKey = idempotencyKey;
    b.fingerprint = fingerprint;
    b.status = status;
    b.attempts = attempts;
    b.maxAttempts = maxAttempts;
    b.nextAttemptAt = nextAttemptAt;
    b.leaseUntil = leaseUntil;
    b.lastHttpStatus = lastHttpStatus;
    b.lastResponse = lastResponse;
    b.lastError = lastError;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.completedAt = completedAt;
    b.abandonReason = abandonReason;
    b.version = version;
    b.paidAt = paidAt;
    b.refundedAt = refundedAt;
    b.headers = headers;
    return b;
  }

  /** The channel-neutral event this notification delivers. */
  public PaymentEvent event() {
    return new PaymentEvent(
        id,
        merchantId,
        orderNo,
        transactionId,
        paymentStatus,
        amount,
        refundAmount,
        currency,
        extra,
        createdAt,
        paidAt,
        refundedAt);
  }

  /** Builds a {@link Notification}; unset nullable fields stay null. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String merchantId;
    private @Nullable Channel channel;
    private @Nullable String orderNo;
    private @Nullable String transactionId;
    private @Nullable PaymentStatus paymentStatus;
    private @Nullable BigDecimal amount;
    private @Nullable BigDecimal refundAmount;
    private @Nullable String currency;
    private @Nullable String notifyUrl;
    private Map<String, Object> extra = Map.of();
    private @Nullable String retryPolicy;
    private @Nullable String idempotencyKey;
    private @Nullable String fingerprint;
    private NotificationStatus status = NotificationStatus.PENDING;
    private int attempts;
    private int maxAttempts;
    private @Nullable Instant nextAttemptAt;
    private @Nullable Instant leaseUntil;
    private @Nullable Integer lastHttpStatus;
    private @Nullable String lastResponse;
    private @Nullable String lastError;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private @Nullable Instant completedAt;
    private @Nullable String abandonReason;
    private long version;
    private @Nullable Instant paidAt;
    private @Nullable Instant refundedAt;
    private Map<String, String> headers = Map.of();

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder merchantId(String merchantId) {
      this.merchantId = merchantId;
      return this;
    }

    public Builder channel(Channel channel) {
      this.channel = channel;
      return this;
    }

    public Builder orderNo(String orderNo) {
      this.orderNo = orderNo;
      return this;
    }

    public Builder transactionId(@Nullable String transactionId) {
      this.transactionId = transactionId;
      return this;
    }

    public Builder paymentStatus(PaymentStatus paymentStatus) {
      this.paymentStatus = paymentStatus;
      return this;
    }

    public Builder amount(BigDecimal amount) {
      this.amount = amount;
      return this;
    }

    public Builder refundAmount(@Nullable BigDecimal refundAmount) {
      this.refundAmount = refundAmount;
      return this;
    }

    public Builder currency(String currency) {
      this.currency = currency;
      return this;
    }

    public Builder notifyUrl(String notifyUrl) {
      this.notifyUrl = notifyUrl;
      return this;
    }

    public Builder extra(Map<String, Object> extra) {
      this.extra = extra;
      return this;
    }

    public Builder retryPolicy(String retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public Builder fingerprint(String fingerprint) {
      this.fingerprint = fingerprint;
      return this;
    }

    public Builder status(NotificationStatus status) {
      this.status = status;
      return this;
    }

    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder nextAttemptAt(@Nullable Instant nextAttemptAt) {
      this.nextAttemptAt = nextAttemptAt;
      return this;
    }

    public Builder leaseUntil(@Nullable Instant leaseUntil) {
      this.leaseUntil = leaseUntil;
      return this;
    }

    public Builder lastHttpStatus(@Nullable Integer lastHttpStatus) {
      this.lastHttpStatus = lastHttpStatus;
      return this;
    }

    public Builder lastResponse(@Nullable String lastResponse) {
      this.lastResponse = lastResponse;
      return this;
    }

    public Builder lastError(@Nullable String lastError) {
      this.lastError = lastError;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder completedAt(@Nullable Instant completedAt) {
      this.completedAt = completedAt;
      return this;
    }

    public Builder abandonReason(@Nullable String abandonReason) {
      this.abandonReason = abandonReason;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Builder paidAt(@Nullable Instant paidAt) {
      this.paidAt = paidAt;
      return this;
    }

    public Builder refundedAt(@Nullable Instant refundedAt) {
      this.refundedAt = refundedAt;
      return this;
    }

    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    public Notification build() {
      return new Notification(
          require(id, "id"),
          require(merchantId, "merchantId"),
          require(channel, "channel"),
          require(orderNo, "orderNo"),
          transactionId,
          require(paymentStatus, "paymentStatus"),
          require(amount, "amount"),
          refundAmount,
          require(currency, "currency"),
          require(notifyUrl, "notifyUrl"),
          require(extra, "extra"),
          require(retryPolicy, "retryPolicy"),
          require(idempotencyKey, "idempotencyKey"),
          require(fingerprint, "fingerprint"),
          require(status, "status"),
          attempts,
          maxAttempts,
          nextAttemptAt,
          leaseUntil,
          lastHttpStatus,
          lastResponse,
          lastError,
          require(createdAt, "createdAt"),
          require(updatedAt, "updatedAt"),
          completedAt,
          abandonReason,
          version,
          paidAt,
          refundedAt,
          require(headers, "headers"));
    }

    private static <T> T require(@Nullable T value, String field) {
      if (value == null) {
        throw new IllegalStateException("Notification." + field + " is required");
      }
      return value;
    }
  }
}
