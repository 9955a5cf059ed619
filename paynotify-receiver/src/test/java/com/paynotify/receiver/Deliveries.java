package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.PaymentEvent;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.WebhookCredentials;
import com.paynotify.channel.WebhookSecret;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Signed test callbacks, built by the sender's own {@code WebhookFormat}. */
final class Deliveries {
  static final WebhookSecret SECRET = WebhookSecret.generate();

  private Deliveries() {}

  static ReceivedCallback webhook(String notifyId, String orderNo, String amount, Instant sentAt) {
    var event =
        new PaymentEvent(
            notifyId,
            "M001",
            orderNo,
            "TX-" + orderNo,
            PaymentStatus.SUCCESS,
            new BigDecimal(amount),
            null,
            "CNY",
            Map.of(),
            sentAt);
    var callback =
        ChannelFormat.of(Channel.WEBHOOK).build(event, WebhookCredentials.of(SECRET), sentAt);
    return new ReceivedCallback(callback.headers(), callback.body());
  }
}
