package com.paynotify.receiver.servlet;

import com.paynotify.channel.ReceivedCallback;
import com.paynotify.receiver.NotificationHandler;
import com.paynotify.receiver.NotificationReceiver;
import com.paynotify.receiver.Receipt;
import com.paynotify.receiver.Reply;
import com.paynotify.receiver.TransactionalNotificationHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.util.Collections;
import java.util.LinkedHashMap;

/**
 * Connects a {@link NotificationReceiver} to a servlet container or a Spring MVC controller method
 * that takes the raw {@code HttpServletRequest}/{@code HttpServletResponse}: the body is read as
 * bytes (never through a message converter, which would break the signature).
 */
public final class ServletCallbacks {
  /** The largest body {@link #read(HttpServletRequest)} reads: the receiver's default limit. */
  public static final int MAX_BODY_BYTES = NotificationReceiver.DEFAULT_MAX_BODY_BYTES;

  private ServletCallbacks() {}

  /**
   * Receives the request with {@code receiver} and writes the channel's reply. A body over the
   * receiver's {@link NotificationReceiver#maxBodyBytes()} is read no further than one byte past
   * the limit and answered with the channel's rejection.
   *
   * @throws IOException only when reading the request or writing the response fails
   */
  public static Receipt handle(
      NotificationReceiver receiver,
      HttpServletRequest request,
      HttpServletResponse response,
      NotificationHandler handler)
      throws IOException {
    var receipt = receiver.handle(readAtMost(request, receiver.maxBodyBytes()), handler);
    write(receipt.reply(), response);
    return receipt;
  }

  /** Like {@link #handle} in same-transaction mode on the merchant's connection. */
  public static Receipt handleInTransaction(
      NotificationReceiver receiver,
      HttpServletRequest request,
      HttpServletResponse response,
      Connection connection,
      TransactionalNotificationHandler handler)
      throws IOException {
    var receipt =
        receiver.handleInTransaction(
            readAtMost(request, receiver.maxBodyBytes()), connection, handler);
    write(receipt.reply(), response);
    return receipt;
  }

  /**
   * The request's headers (first value of each) and raw body.
   *
   * @throws IOException if the body is longer than {@link #MAX_BODY_BYTES}
   */
  public static ReceivedCallback read(HttpServletRequest request) throws IOException {
    var callback = readAtMost(request, MAX_BODY_BYTES);
    if (callback.bodyLength() > MAX_BODY_BYTES) {
      throw new IOException("callback body exceeds " + MAX_BODY_BYTES + " bytes");
    }
    return callback;
  }

  /** Headers and at most {@code limit + 1} body bytes: enough for the receiver to refuse it. */
  private static ReceivedCallback readAtMost(HttpServletRequest request, int limit)
      throws IOException {
    var headers = new LinkedHashMap<String, String>();
    for (var name : Collections.list(request.getHeaderNames())) {
      var value = request.getHeader(name);
      if (value != null) {
        headers.putIfAbsent(name, value);
      }
    }
    var body = request.getInputStream().readNBytes(limit == Integer.MAX_VALUE ? limit : limit + 1);
    return new ReceivedCallback(headers, body);
  }

  /** Writes status, content type and body of the reply. */
  public static void write(Reply reply, HttpServletResponse response) throws IOException {
    response.setStatus(reply.status());
    var body = reply.bodyBytes();
    var contentType = reply.contentType();
    if (body.length > 0 && contentType != null) {
      response.setContentType(contentType);
    }
    if (body.length > 0) {
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
    response.flushBuffer();
  }
}
