package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.WechatV3Format;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Verifies a {@link Channel#WECHAT_V3} notification: the {@code Wechatpay-Timestamp} within the
 * tolerance (default {@link WechatV3Format#DEFAULT_TOLERANCE}, 5 minutes), the SHA256withRSA {@code
 * Wechatpay-Signature} by the public key the {@code Wechatpay-Serial} header names, then the
 * AES-256-GCM resource decrypted with any configured APIv3 key. Several public keys (by id) and
 * APIv3 keys may be configured during a rotation. Thread-safe.
 */
public final class WechatV3Verifier implements CallbackVerifier {
  private final ChannelVerification verification;

  private WechatV3Verifier(
      VerificationKeys.WechatV3 keys, InstantSource clock, Duration tolerance) {
    this.verification = ChannelVerification.timed(keys, clock, tolerance);
  }

  /** A verifier with WeChat Pay's 5-minute replay tolerance. */
  public static WechatV3Verifier of(VerificationKeys.WechatV3 keys, InstantSource clock) {
    return new WechatV3Verifier(keys, clock, WechatV3Format.DEFAULT_TOLERANCE);
  }

  /** A verifier with its own replay tolerance. */
  public static WechatV3Verifier of(
      VerificationKeys.WechatV3 keys, InstantSource clock, Duration tolerance) {
    return new WechatV3Verifier(keys, clock, tolerance);
  }

  @Override
  public Channel channel() {
    return Channel.WECHAT_V3;
  }

  /** Dedup key: the envelope's notification {@code id}, the same on every retry. */
  @Override
  public ReceivedNotification verify(ReceivedCallback callback) {
    var event = verification.verify(callback);
    return ReceivedNotification.of(event, DedupKeys.wechatV3(event.notifyId()));
  }

  @Override
  public String toString() {
    return "WechatV3Verifier[" + verification + "]";
  }
}
