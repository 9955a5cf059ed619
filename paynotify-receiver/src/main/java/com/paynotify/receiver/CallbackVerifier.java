package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.InvalidCallbackException;

/**
 * Checks one channel's callback (signature, timestamp tolerance, decryption) and parses it. This is
 * the seam between the receiver and the wire formats of {@code paynotify-channel}: {@link
 * WebhookVerifier} implements it for {@link Channel#WEBHOOK}.
 *
 * <p><b>Seam, not yet wired:</b> the ALIPAY (RSA2), WECHAT_V3 ({@code Wechatpay-*} signature,
 * AES-256-GCM resource) and WECHAT_V2 ({@code sign}, no DTD) verifiers will come from {@code
 * paynotify-channel}'s formats; each will verify, then map the fields with {@link
 * ChannelNotifications}. This module ships no verifier for them rather than one that would pretend.
 */
public interface CallbackVerifier {

  /** The channel this verifier reads. */
  Channel channel();

  /**
   * Verifies and parses a callback. Never returns an unverified event.
   *
   * @throws InvalidCallbackException naming the check that failed; the message holds no key
   */
  ReceivedNotification verify(ReceivedCallback callback);
}
