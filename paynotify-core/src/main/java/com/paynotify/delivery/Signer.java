package com.paynotify.delivery;

import com.paynotify.channel.Callback;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.PaymentEvent;
import com.paynotify.notification.CallbackHeaders;
import com.paynotify.notification.Notification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds and signs a notification's callback with its merchant's keys, adding the merchant's
 * default headers and the notification's own: what an attempt sends and what a {@link Preview}
 * shows, by the same code.
 */
record Signer(CredentialSource credentials) {

  /**
   * A callback ready to send.
   *
   * @param added the headers added to the wire format's, as recorded and shown: a merchant
   *     default's value {@value CallbackHeaders#REDACTED}
   */
  record Signed(Callback callback, Map<String, String> added) {

    /**
     * The callback with each merchant default's value {@value CallbackHeaders#REDACTED}, to show.
     */
    Callback shown() {
      if (added.isEmpty()) {
        return callback;
      }
      var headers = new LinkedHashMap<>(callback.headers());
      headers.putAll(added);
      return new Callback(callback.contentType(), headers, callback.body());
    }
  }

  /**
   * The callback signed at {@code at}; empty when the merchant has no credentials for the channel.
   */
  Optional<Signed> sign(Notification n, Instant at) {
    return sign(n.channel(), n.event(), n.headers(), at);
  }

  /**
   * The event's callback on {@code channel} signed at {@code at}, with its merchant's default
   * headers and {@code own}; empty when its merchant has no credentials for the channel.
   */
  Optional<Signed> sign(Channel channel, PaymentEvent event, Map<String, String> own, Instant at) {
    return credentials
        .find(event.merchantId(), channel, at)
        .map(
            creds -> {
              var callback = ChannelFormat.of(channel).build(event, creds, at);
              var defaults = credentials.headers(event.merchantId());
              if (defaults.isEmpty() && own.isEmpty()) {
                return new Signed(callback, Map.of());
              }
              var headers = new LinkedHashMap<>(callback.headers());
              // The wire format's own headers win; the reserved names keep the added ones from
              // meeting them.
              CallbackHeaders.merged(defaults, own)
                  .forEach(
                      (name, value) -> {
                        if (headers.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                          headers.put(name, value);
                        }
                      });
              var added = new LinkedHashMap<String, String>();
              CallbackHeaders.shown(defaults, own)
                  .forEach(
                      (name, value) -> {
                        if (headers.containsKey(name)) {
                          added.put(name, value);
                        }
                      });
              return new Signed(
                  new Callback(callback.contentType(), headers, callback.body()),
                  Map.copyOf(added));
            });
  }
}
