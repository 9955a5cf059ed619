package com.paynotify.client;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A search of notifications, newest first: filters (each null for any) and a page of {@code size}
 * results. Start from {@link #all()} and narrow it with the {@code with...} methods; a following
 * page is read with {@link #after(NotificationPage)}, a keyset cursor that stays cheap however
 * deep.
 *
 * @param retrying only PENDING notifications with a failed attempt behind them
 * @param before the cursor: only notifications older than this id (a page's {@code next})
 */
public record NotificationSearch(
    @Nullable String merchantId,
    @Nullable String orderNo,
    @Nullable NotificationStatus status,
    @Nullable Channel channel,
    @Nullable Instant from,
    @Nullable Instant to,
    boolean retrying,
    int size,
    @Nullable String before) {
  /** The server's page size when none is asked for. */
  public static final int DEFAULT_SIZE = 20;

  /** The largest page the server answers. */
  public static final int MAX_SIZE = 500;

  public NotificationSearch {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size: " + size + " must be between 1 and " + MAX_SIZE);
    }
  }

  /** Every notification, {@value #DEFAULT_SIZE} a page. */
  public static NotificationSearch all() {
    return new NotificationSearch(null, null, null, null, null, null, false, DEFAULT_SIZE, null);
  }

  public NotificationSearch withMerchantId(String merchantId) {
    return new NotificationSearch(
        merchantId, orderNo, status, channel, from, to, retrying, size, before);
  }

  public NotificationSearch withOrderNo(String orderNo) {
    return new NotificationSearch(
        merchantId, orderNo, status, channel, from, to, retrying, size, before);
  }

  public NotificationSearch withStatus(NotificationStatus status) {
    return new NotificationSearch(
        merchantId, orderNo, status, channel, from, to, retrying, size, before);
  }

  public NotificationSearch withChannel(Channel channel) {
    return new NotificationSearch(
        merchantId, orderNo, status, channel, from, to, retrying, size, before);
  }

  /** Created at {@code from} or later, before {@code to}; either may be null. */
  public NotificationSearch createdBetween(@Nullable Instant from, @Nullable Instant to) {
    return new NotificationSearch(
        merchantId, orderNo, status, channel, from, to, retrying, size, before);
  }

  /** Only those waiting for a retry: PENDING, with a failed attempt behind them. */
  public NotificationSearch retryingOnly() {
    return new NotificationSearch(
        merchantId, orderNo, status, channel, from, to, true, size, before);
  }

  public NotificationSearch withSize(int size) {
    return new NotificationSearch(
        merchantId, orderNo, status, channel, from, to, retrying, size, before);
  }

  /**
   * The same search for the page after {@code page}.
   *
   * @throws IllegalStateException if {@code page} was the last
   */
  public NotificationSearch after(NotificationPage page) {
    var next = page.next();
    if (next == null) {
      throw new IllegalStateException("the page is the last one: it has no next");
    }
    return new NotificationSearch(
        merchantId, orderNo, status, channel, from, to, retrying, size, next);
  }
}
