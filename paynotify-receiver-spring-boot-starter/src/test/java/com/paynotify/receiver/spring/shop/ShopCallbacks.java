package com.paynotify.receiver.spring.shop;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.spring.PaynotifyCallbacks;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's callback endpoints: one with a handler and the body as bytes, one with the listener.
 */
@RestController
class ShopCallbacks {
  private final PaynotifyCallbacks callbacks;
  private final ShopOrders orders;

  ShopCallbacks(PaynotifyCallbacks callbacks, ShopOrders orders) {
    this.callbacks = callbacks;
    this.orders = orders;
  }

  /**
   * The handler marks (its own @Transactional method) and ships: with a JDBC store, one
   * transaction.
   */
  @PostMapping("/callbacks/webhook")
  ResponseEntity<byte[]> webhook(@RequestHeader HttpHeaders headers, @RequestBody byte[] body) {
    return callbacks.receive(
        Channel.WEBHOOK,
        headers,
        body,
        notification -> {
          orders.markPaid(notification);
          orders.ship(notification);
        });
  }

  /**
   * A form post: taken as a stream, since Spring MVC rebuilds a form's @RequestBody from its
   * parameters.
   */
  @PostMapping("/callbacks/alipay")
  ResponseEntity<byte[]> alipay(@RequestHeader HttpHeaders headers, InputStream body)
      throws IOException {
    return callbacks.receive(Channel.ALIPAY, headers, body);
  }
}
