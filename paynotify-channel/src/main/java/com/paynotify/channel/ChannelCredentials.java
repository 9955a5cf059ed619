package com.paynotify.channel;

/**
 * The keys one merchant has for one channel: what its callbacks are signed or encrypted with. Every
 * implementation's {@code toString()} hides key material.
 */
public sealed interface ChannelCredentials
    permits WebhookCredentials, AlipayCredentials, WechatV3Credentials, WechatV2Credentials {

  /** The channel these credentials sign for. */
  Channel channel();
}
