package com.paynotify.receiver.spring;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.PaymentEvent;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.WebhookCredentials;
import com.paynotify.channel.WebhookSecret;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Webhook callbacks signed by the channel's own signing code, the code the server signs with. */
final class SignedCallbacks {
  static final WebhookSecret SECRET = WebhookSecret.generate();

  private SignedCallbacks() {}

  static ReceivedCallback webhook(String notifyId, String orderNo, String amount, Instant now) {
    return webhook(SECRET, notifyId, orderNo, amount, now);
  }

  static ReceivedCallback webhook(
      WebhookSecret secret, String notifyId, String orderNo, String amount, Instant now) {
    var event =
        new PaymentEvent(
            notifyId,
            "shop-1",
            orderNo,
            "TX-" + notifyId,
            PaymentStatus.SUCCESS,
            new BigDecimal(amount),
            null,
            "CNY",
            Map.of(),
            now);
    var callback =
        ChannelFormat.of(Channel.WEBHOOK).build(event, WebhookCredentials.of(secret), now);
    var headers = new LinkedHashMap<>(callback.headers());
    headers.put("Content-Type", callback.contentType());
    return new ReceivedCallback(headers, callback.body());
  }

  /**
   * A body no channel can verify: a probe that shows whether a receiver is open (REJECTED) or
   * closed.
   */
  static ReceivedCallback junk() {
    return new ReceivedCallback(Map.of(), new byte[] {'x'});
  }
}
