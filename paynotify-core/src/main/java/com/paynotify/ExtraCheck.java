package com.paynotify;

import com.paynotify.channel.ChannelFormat;
import com.paynotify.notification.NotificationRequest;

/**
 * Refuses an {@code extra} key that would set or shadow a field of the channel's wire format, so a
 * notification that could only be sent with a forged field is never stored.
 */
final class ExtraCheck {
  private ExtraCheck() {}

  static void reservedNames(NotificationRequest r) {
    ChannelFormat.of(r.channel())
        .reservedNames()
        .collision(r.extra())
        .ifPresent(
            c -> {
              throw InvalidRequestException.invalid(c.field(), c.reason());
            });
  }
}
