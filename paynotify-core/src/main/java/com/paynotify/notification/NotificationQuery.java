package com.paynotify.notification;

import com.paynotify.channel.Channel;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A search over notifications, newest first. Null criteria match everything.
 *
 * @param from created at or after (inclusive)
 * @param to created before (exclusive)
 * @param page zero-based page number
 */
public record NotificationQuery(
    @Nullable String merchantId,
    @Nullable String orderNo,
    @Nullable NotificationStatus status,
    @Nullable Channel channel,
    @Nullable Instant from,
    @Nullable Instant to,
    int page,
    int size) {
  public static final int MAX_SIZE = 500;

  public NotificationQuery {
    if (page < 0) {
      throw new IllegalArgumentException("page: " + page + " must be 0 or more");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size: " + size + " must be between 1 and " + MAX_SIZE);
    }
  }

  public static NotificationQuery all(int page, int size) {
    return new NotificationQuery(null, null, null, null, null, null, page, size);
  }

  public NotificationQuery withPage(int page) {
    return new NotificationQuery(merchantId, orderNo, status, channel, from, to, page, size);
  }
}
