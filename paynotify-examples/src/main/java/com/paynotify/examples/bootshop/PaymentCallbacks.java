package com.paynotify.examples.bootshop;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.spring.ChannelReceivers;
import com.paynotify.receiver.spring.PaynotifyCallbacks;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /callbacks/<channel>}: the raw body as a stream (read up to the receiver's limit;
 * Spring MVC would rebuild a form post's {@code @RequestBody} from its parameters), the reply
 * exactly as the channel's sender expects it. A channel without keys is 404.
 */
@RestController
class PaymentCallbacks {
  private final PaynotifyCallbacks callbacks;
  private final ChannelReceivers receivers;
  private final ShopOrders orders;

  PaymentCallbacks(PaynotifyCallbacks callbacks, ChannelReceivers receivers, ShopOrders orders) {
    this.callbacks = callbacks;
    this.receivers = receivers;
    this.orders = orders;
  }

  @PostMapping("/callbacks/{channel}")
  ResponseEntity<byte[]> callback(
      @PathVariable String channel, @RequestHeader HttpHeaders headers, InputStream body)
      throws IOException {
    var configured = configured(channel);
    if (configured.isEmpty()) {
      return ResponseEntity.notFound().build();
    }
    return callbacks.receive(configured.get(), headers, body, orders::recordPayment);
  }

  private Optional<Channel> configured(String path) {
    return Arrays.stream(Channel.values())
        .filter(
            c -> c.name().toLowerCase(Locale.ROOT).equals(path) && receivers.channels().contains(c))
        .findFirst();
  }
}
