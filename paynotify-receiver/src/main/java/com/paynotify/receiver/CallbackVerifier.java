package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.InvalidCallbackException;

/**
 * Checks one channel's callback (signature, timestamp tolerance, decryption) and parses it. This is
 * the seam between the receiver and the wire formats of {@code paynotify-channel}: {@link
 * WebhookVerifier} implements it for {@link Channel#WEBHOOK}.
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
