package com.paynotify.receiver;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP answer to send back to the sender: status, content type and body.
 *
 * @param contentType null when the body is empty
 */
public record Reply(int status, @Nullable String contentType, String body) {

  /** The body as UTF-8 bytes, ready to write. */
  public byte[] bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the sender will take this reply as an acknowledgement and stop retrying. */
  public boolean isSuccess(com.paynotify.channel.Channel channel) {
    return Acknowledgement.of(channel).isSuccess(this);
  }
}
