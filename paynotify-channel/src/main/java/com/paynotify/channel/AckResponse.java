package com.paynotify.channel;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP answer a merchant gives to a callback: what the channel reads as "received" or as
 * "failed, send it again". Built by {@link ChannelFormat#successAck()} and {@link
 * ChannelFormat#failureAck(String)}.
 *
 * @param contentType null when the body is empty
 */
public record AckResponse(int httpStatus, @Nullable String contentType, byte[] body) {

  public AckResponse {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  static AckResponse of(int httpStatus, @Nullable String contentType, String body) {
    return new AckResponse(httpStatus, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AckResponse[" + httpStatus + " " + contentType + " " + bodyText() + "]";
  }
}
