package com.paynotify.delivery;

import com.paynotify.channel.Callback;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.PaymentEvent;
import com.paynotify.notification.Notification;
import java.time.Instant;
import java.util.Optional;

/**
 * Builds and signs a notification's callback with its merchant's keys: what an attempt sends and
 * what a {@link Preview} shows, by the same code.
 */
record Signer(CredentialSource credentials) {

  /** The callback signed at {@code at}; empty when the merchant has no credentials for the channel. */
  Optional<Callback> sign(Notification n, Instant at) {
    return sign(n.channel(), n.event(), at);
  }

  /** The event's callback on {@code channel} signed at {@code at}; empty when its merchant has no credentials for it. */
  Optional<Callback> sign(Channel channel, PaymentEvent event, Instant at) {
    return credentials.find(event.merchantId(), channel, at)
        .map(creds -> ChannelFormat.of(channel).build(event, creds, at));
  }
}
