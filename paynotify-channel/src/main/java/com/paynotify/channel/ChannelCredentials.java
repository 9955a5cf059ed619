package com.paynotify.channel;

/** The keys one merchant has for one channel: what its callbacks are signed or encrypted with. */
public sealed interface ChannelCredentials permits WebhookCredentials {

  /** The channel these credentials sign for. */
  Channel channel();
}
