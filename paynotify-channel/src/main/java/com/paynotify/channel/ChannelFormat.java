package com.paynotify.channel;

import java.time.Instant;
import java.util.Optional;

/**
 * One wire format: how an event becomes a signed callback, which events the channel can carry, and
 * what answer from the merchant counts as an acknowledgement. Implementations are stateless and
 * thread-safe; every call to {@link #build} signs afresh.
 */
public sealed interface ChannelFormat permits WebhookFormat {

  /** The channel this format implements. */
  Channel channel();

  /**
   * Why this channel cannot carry an event of this status, or empty when it can. Checked when a
   * notification is created, so a refused one is never stored.
   */
  Optional<String> refusal(PaymentStatus status);

  /**
   * Renders and signs the event as of {@code now}.
   *
   * @throws IllegalArgumentException if the credentials are for another channel
   */
  Callback build(PaymentEvent event, ChannelCredentials credentials, Instant now);

  /** Judges the merchant's answer: its HTTP status and body. */
  AckVerdict judge(int httpStatus, String body);

  /** The format for a channel. */
  static ChannelFormat of(Channel channel) {
    return switch (channel) {
      case WEBHOOK -> WebhookFormat.INSTANCE;
      case ALIPAY, WECHAT_V3, WECHAT_V2 ->
          throw new UnsupportedChannelException(channel);
    };
  }
}
