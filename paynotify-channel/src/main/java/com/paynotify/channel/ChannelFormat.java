package com.paynotify.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One wire format, both halves. The sender side: how an event becomes a signed callback, which
 * events the channel can carry, and what answer from the merchant counts as an acknowledgement. The
 * merchant side: how a received callback is verified and parsed, and the answers the channel
 * expects. Implementations are stateless and thread-safe; every call to {@link #build} signs afresh
 * (fresh timestamp, nonce and signature; the event's notify id stays).
 */
public sealed interface ChannelFormat
    permits WebhookFormat, AlipayFormat, WechatV3Format, WechatV2Format {

  /** The channel this format implements. */
  Channel channel();

  /**
   * Why this channel cannot carry an event of this status, or empty when it can. Checked when a
   * notification is created, so a refused one is never stored.
   */
  Optional<String> refusal(PaymentStatus status);

  /**
   * The names an event's {@code extra} may not use: the fields this format writes, for every
   * status. Checked when a notification is created and again by {@link #build}, so extra never
   * sets, adds or shadows a signed field.
   */
  ReservedNames reservedNames();

  /**
   * Renders and signs the event as of {@code now}.
   *
   * @throws IllegalArgumentException if the credentials are for another channel, the channel
   *     refuses the event's status, an extra key is a {@linkplain #reservedNames reserved name}, or
   *     an amount does not fit the wire (a fraction of a fen)
   */
  Callback build(PaymentEvent event, ChannelCredentials credentials, Instant now);

  /** Judges the merchant's answer: its HTTP status and body. */
  AckVerdict judge(int httpStatus, String body);

  /**
   * Verifies a received callback and maps it back to channel-neutral terms. Checks run in order:
   * required headers and fields (MALFORMED), the signed timestamp against {@code now} ± {@code
   * tolerance} where the format has one (TIMESTAMP; WeChat Pay v3 and Standard Webhooks, ignored
   * otherwise), the signature against each key (SIGNATURE), decryption (DECRYPT) and the content
   * (MALFORMED). Messages never contain key material.
   *
   * @throws InvalidCallbackException naming the check that failed
   * @throws IllegalArgumentException if the keys are for another channel
   */
  VerifiedEvent verify(
      ReceivedCallback received, VerificationKeys keys, Instant now, Duration tolerance);

  /** The merchant's answer meaning "received, stop sending": what {@link #judge} accepts. */
  AckResponse successAck();

  /**
   * The merchant's answer meaning "not processed, send it again", which {@link #judge} does not
   * accept. The message is for people reading logs; channels without a place for it drop it.
   */
  AckResponse failureAck(String message);

  /** The format for a channel. */
  static ChannelFormat of(Channel channel) {
    return switch (channel) {
      case WEBHOOK -> WebhookFormat.INSTANCE;
      case ALIPAY -> AlipayFormat.INSTANCE;
      case WECHAT_V3 -> WechatV3Format.INSTANCE;
      case WECHAT_V2 -> WechatV2Format.INSTANCE;
    };
  }
}
