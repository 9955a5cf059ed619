package com.paynotify.receiver.spring;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.receiver.NotificationHandler;
import com.paynotify.receiver.Receipt;
import com.paynotify.receiver.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The controller side: takes a callback's {@code @RequestHeader HttpHeaders} and raw body, runs it
 * through the channel's receiver (the handler in the application's transaction when the store is
 * JDBC), and returns the {@code ResponseEntity} the channel's sender expects.
 *
 * <pre>{@code
 * @PostMapping("/callbacks/{channel}")
 * ResponseEntity<byte[]> callback(@PathVariable Channel channel, @RequestHeader HttpHeaders headers,
 *     InputStream body) throws IOException {
 *   return callbacks.receive(channel, headers, body, n -> orders.markPaid(n.orderNo(), n.amount()));
 * }
 * }</pre>
 *
 * <p>Take the body as an {@code InputStream} (read here up to the receiver's limit) or as
 * {@code @RequestBody byte[]} (read whole by Spring first); never as an object, since the signature
 * covers the exact bytes. Thread-safe.
 */
public final class PaynotifyCallbacks implements SmartInitializingSingleton {
  private final ChannelReceivers receivers;
  private final HandlerTransaction transaction;
  private final PaynotifyListeners listeners;

  public PaynotifyCallbacks(
      ChannelReceivers receivers, HandlerTransaction transaction, PaynotifyListeners listeners) {
    this.receivers = receivers;
    this.transaction = transaction;
    this.listeners = listeners;
  }

  /** Handles a callback with the channel's receiver; never throws for what the sender sent. */
  public Receipt handle(Channel channel, ReceivedCallback callback, NotificationHandler handler) {
    return transaction.handle(receivers.receiver(channel), callback, handler);
  }

  /** Handles the callback with {@code handler} and answers the channel's reply. */
  public ResponseEntity<byte[]> receive(
      Channel channel, HttpHeaders headers, byte[] body, NotificationHandler handler) {
    return response(handle(channel, callback(headers, body), handler).reply());
  }

  /**
   * Like {@link #receive(Channel, HttpHeaders, byte[], NotificationHandler)}, reading at most one
   * byte past the receiver's {@code max-body-size}: a longer body is answered with the channel's
   * rejection without being read further.
   *
   * @throws IOException only when reading the request fails
   */
  public ResponseEntity<byte[]> receive(
      Channel channel, HttpHeaders headers, InputStream body, NotificationHandler handler)
      throws IOException {
    var limit = receivers.receiver(channel).maxBodyBytes();
    return receive(
        channel, headers, body.readNBytes(limit == Integer.MAX_VALUE ? limit : limit + 1), handler);
  }

  /** Handles the callback with the channel's {@link PaynotifyListener} method. */
  public ResponseEntity<byte[]> receive(Channel channel, HttpHeaders headers, byte[] body) {
    return receive(channel, headers, body, listener(channel));
  }

  /**
   * Handles the callback with the channel's {@link PaynotifyListener} method, reading at most the
   * limit.
   */
  public ResponseEntity<byte[]> receive(Channel channel, HttpHeaders headers, InputStream body)
      throws IOException {
    return receive(channel, headers, body, listener(channel));
  }

  /** The reply as a response: status, content type and body exactly as the channel wants them. */
  public static ResponseEntity<byte[]> response(Reply reply) {
    var body = reply.bodyBytes();
    var contentType = reply.contentType();
    if (body.length == 0 || contentType == null) {
      return ResponseEntity.status(reply.status()).build();
    }
    return ResponseEntity.status(reply.status())
        .contentType(MediaType.parseMediaType(contentType))
        .body(body);
  }

  /** The headers (the first value of each) and the raw body as the receiver reads them. */
  public static ReceivedCallback callback(HttpHeaders headers, byte[] body) {
    var first = new LinkedHashMap<String, String>();
    headers.forEach(
        (name, values) -> {
          if (!values.isEmpty()) {
            first.putIfAbsent(name, values.getFirst());
          }
        });
    return new ReceivedCallback(first, body);
  }

  /**
   * Every listener's channel must have a receiver: a listener that would never run fails startup.
   */
  @Override
  public void afterSingletonsInstantiated() {
    listeners
        .names()
        .forEach(
            (channel, name) -> {
              if (!receivers.channels().contains(channel)) {
                throw new IllegalStateException(
                    "@PaynotifyListener(channel = "
                        + channel
                        + ") on "
                        + name
                        + ": no "
                        + channel
                        + " receiver; configure its keys under paynotify.receiver."
                        + ChannelReceivers.propertyPrefix(channel));
              }
            });
  }

  private NotificationHandler listener(Channel channel) {
    return listeners
        .handler(channel)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no @PaynotifyListener(channel = "
                        + channel
                        + ") method: declare one, or pass a handler"));
  }
}
