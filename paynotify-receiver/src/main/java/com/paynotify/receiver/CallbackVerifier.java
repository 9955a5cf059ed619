package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.InvalidCallbackException;
import com.paynotify.channel.ReceivedCallback;

/**
 * Checks one channel's callback (signature, timestamp tolerance, decryption), parses it and names
 * its dedup key. {@link AlipayVerifier}, {@link WechatV3Verifier}, {@link WechatV2Verifier} and
 * {@link WebhookVerifier} implement it on {@code paynotify-channel}'s formats.
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
