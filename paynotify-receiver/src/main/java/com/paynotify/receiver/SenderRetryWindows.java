package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import java.time.Duration;

/**
 * How long each channel's sender keeps retrying one notification, rounded up: the floor for the
 * receiver's retention.
 */
public final class SenderRetryWindows {
  /** Alipay: 8 attempts over about 25 hours (4m, 10m, 10m, 1h, 2h, 6h, 15h). */
  public static final Duration ALIPAY = Duration.ofHours(25);

  /** WeChat Pay: 15 attempts over about 24 hours (15s ... 6h). */
  public static final Duration WECHAT = Duration.ofHours(25);

  /** Standard Webhooks senders retry for up to about a day and a half (Svix: ~28 hours). */
  public static final Duration WEBHOOK = Duration.ofHours(36);

  private SenderRetryWindows() {}

  /** The retry window of a channel's sender. */
  public static Duration of(Channel channel) {
    return switch (channel) {
      case ALIPAY -> ALIPAY;
      case WECHAT_V3, WECHAT_V2 -> WECHAT;
      case WEBHOOK -> WEBHOOK;
    };
  }
}
