package com.paynotify.notification;

import com.paynotify.InvalidRequestException;
import com.paynotify.channel.Channel;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A search over notifications, newest first. Null criteria match everything.
 *
 * @param from created at or after (inclusive)
 * @param to created before (exclusive)
 * @param page zero-based page number; ignored with {@code before}
 * @param before the id of a notification: only those listed after it (older) match; a keyset cursor
 *     that stays fast on deep pages, where {@code page} must skip every earlier row
 * @param merchantIds when set, only notifications of these merchants match (none when it is empty),
 *     on top of {@code merchantId}: what a token scoped to merchants may see
 * @param retrying when true, only notifications that need a retry match: PENDING with at least one
 *     attempt made, so waiting for the next after a failed one (on top of {@code status})
 * @param paymentId when set, only the notifications that moves of payments with this id created
 */
public record NotificationQuery(
    @Nullable String merchantId,
    @Nullable String orderNo,
    @Nullable NotificationStatus status,
    @Nullable Channel channel,
    @Nullable Instant from,
    @Nullable Instant to,
    int page,
    int size,
    @Nullable String before,
    @Nullable Set<String> merchantIds,
    boolean retrying,
    @Nullable String paymentId) {
  public static final int MAX_SIZE = 500;

  /**
   * Searches count matches up to this many: a page's total is exact up to it, and {@code
   * COUNT_LIMIT + 1} means "more than that", so a search over a million rows never counts them all.
   */
  public static final int COUNT_LIMIT = 10_000;

  /**
   * The longest merchant id, order number or notification id searched for; none stored is longer.
   */
  public static final int MAX_TERM_LENGTH = 64;

  public NotificationQuery {
    term("merchantId", merchantId);
    term("orderNo", orderNo);
    term("before", before);
    term("paymentId", paymentId);
    if (page < 0) {
      throw InvalidRequestException.invalid("page", page + " must be 0 or more");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw InvalidRequestException.invalid("size", size + " must be between 1 and " + MAX_SIZE);
    }
    merchantIds = merchantIds == null ? null : Set.copyOf(merchantIds);
  }

  public NotificationQuery(
      @Nullable String merchantId,
      @Nullable String orderNo,
      @Nullable NotificationStatus status,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to,
      int page,
      int size,
      @Nullable String before,
      @Nullable Set<String> merchantIds,
      boolean retrying) {
    this(
        merchantId,
        orderNo,
        status,
        channel,
        from,
        to,
        page,
        size,
        before,
        merchantIds,
        retrying,
        null);
  }

  public NotificationQuery(
      @Nullable String merchantId,
      @Nullable String orderNo,
      @Nullable NotificationStatus status,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to,
      int page,
      int size,
      @Nullable String before,
      @Nullable Set<String> merchantIds) {
    this(merchantId, orderNo, status, channel, from, to, page, size, before, merchantIds, false);
  }

  public NotificationQuery(
      @Nullable String merchantId,
      @Nullable String orderNo,
      @Nullable NotificationStatus status,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to,
      int page,
      int size,
      @Nullable String before) {
    this(merchantId, orderNo, status, channel, from, to, page, size, before, null);
  }

  public NotificationQuery(
      @Nullable String merchantId,
      @Nullable String orderNo,
      @Nullable NotificationStatus status,
      @Nullable Channel channel,
      @Nullable Instant from,
      @Nullable Instant to,
      int page,
      int size) {
    this(merchantId, orderNo, status, channel, from, to, page, size, null);
  }

  private static void term(String field, @Nullable String value) {
    if (value == null) {
      return;
    }
    if (value.length() > MAX_TERM_LENGTH) {
      throw InvalidRequestException.invalid(
          field, "at most " + MAX_TERM_LENGTH + " characters, got " + value.length());
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid(field, "must not contain control characters");
    }
  }

  public static NotificationQuery all(int page, int size) {
    return new NotificationQuery(null, null, null, null, null, null, page, size);
  }

  /** The same search continued after the notification {@code id}, newest first. */
  public NotificationQuery before(@Nullable String id) {
    return new NotificationQuery(
        merchantId,
        orderNo,
        status,
        channel,
        from,
        to,
        0,
        size,
        id,
        merchantIds,
        retrying,
        paymentId);
  }

  public NotificationQuery withPage(int page) {
    return new NotificationQuery(
        merchantId,
        orderNo,
        status,
        channel,
        from,
        to,
        page,
        size,
        before,
        merchantIds,
        retrying,
        paymentId);
  }

  /** The same search limited to the notifications of {@code ids}. */
  public NotificationQuery withinMerchants(Set<String> ids) {
    return new NotificationQuery(
        merchantId,
        orderNo,
        status,
        channel,
        from,
        to,
        page,
        size,
        before,
        ids,
        retrying,
        paymentId);
  }

  /** The same search limited to the notifications that need a retry (see {@code retrying}). */
  public NotificationQuery needingRetry() {
    return new NotificationQuery(
        merchantId,
        orderNo,
        status,
        channel,
        from,
        to,
        page,
        size,
        before,
        merchantIds,
        true,
        paymentId);
  }

  /** The same search limited to the notifications of payments with id {@code id}. */
  public NotificationQuery ofPayment(@Nullable String id) {
    return new NotificationQuery(
        merchantId,
        orderNo,
        status,
        channel,
        from,
        to,
        page,
        size,
        before,
        merchantIds,
        retrying,
        id);
  }
}
