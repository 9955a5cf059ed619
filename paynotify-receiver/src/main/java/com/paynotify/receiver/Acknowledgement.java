package com.paynotify.receiver;

import com.paynotify.channel.AckResponse;
import com.paynotify.channel.AckVerdict;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import java.nio.charset.StandardCharsets;

/**
 * The replies one channel's sender understands: a success that stops its retries, a retryable
 * failure that makes it come back later, and a rejection of a callback that failed a check. Alipay
 * and WeChat Pay replies are exactly {@code paynotify-channel}'s {@link ChannelFormat#successAck()}
 * and {@link ChannelFormat#failureAck(String)}; webhooks tell the three apart by status.
 */
public sealed interface Acknowledgement {

  /** The reply that acknowledges the notification. */
  Reply success();

  /**
   * The reply that asks the sender to deliver again later: the handler failed, or another delivery
   * of the same notification is still being processed.
   */
  Reply retryLater(String reason);

  /**
   * The reply while another delivery of the same notification is still being processed: a retryable
   * failure, never a success, since that delivery may yet fail.
   */
  default Reply inProgress(String reason) {
    return retryLater(reason);
  }

  /** The reply to a callback that failed verification or a payment-field check. */
  Reply rejected(String reason);

  /** Whether the sender takes {@code reply} as an acknowledgement. */
  boolean isSuccess(Reply reply);

  /** The acknowledgement of a channel. */
  static Acknowledgement of(Channel channel) {
    return switch (channel) {
      case ALIPAY, WECHAT_V3, WECHAT_V2 -> new OfFormat(ChannelFormat.of(channel));
      case WEBHOOK -> Webhook.INSTANCE;
    };
  }

  /**
   * Alipay ({@code success} / {@code fail}), WeChat Pay v3 (200 / 500 {@code
   * {"code":"FAIL","message":...}}) and v2 ({@code <xml><return_code>SUCCESS...} / {@code FAIL}):
   * the channel format's own acks, and its own judgement of them. Every failure, a rejection
   * included, is the channel's failure reply: these senders know no other.
   */
  record OfFormat(ChannelFormat format) implements Acknowledgement {

    @Override
    public Reply success() {
      return reply(format.successAck());
    }

    @Override
    public Reply retryLater(String reason) {
      return reply(format.failureAck(reason));
    }

    @Override
    public Reply rejected(String reason) {
      return reply(format.failureAck(reason));
    }

    @Override
    public boolean isSuccess(Reply reply) {
      return format.judge(reply.status(), reply.body()) == AckVerdict.ACCEPTED;
    }

    private static Reply reply(AckResponse ack) {
      return new Reply(
          ack.httpStatus(), ack.contentType(), new String(ack.body(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Standard Webhooks: any 2xx acknowledges. A notification still being processed elsewhere gets
   * 409, a failed handler 503 (both retried), a callback that failed a check 400.
   */
  enum Webhook implements Acknowledgement {
    INSTANCE;

    /** The reply while another delivery of the same notification is still in progress. */
    public static final int IN_PROGRESS_STATUS = 409;

    @Override
    public Reply success() {
      return new Reply(204, null, "");
    }

    @Override
    public Reply retryLater(String reason) {
      return new Reply(503, "text/plain;charset=UTF-8", reason);
    }

    @Override
    public Reply inProgress(String reason) {
      return new Reply(IN_PROGRESS_STATUS, "text/plain;charset=UTF-8", reason);
    }

    @Override
    public Reply rejected(String reason) {
      return new Reply(400, "text/plain;charset=UTF-8", reason);
    }

    @Override
    public boolean isSuccess(Reply reply) {
      return reply.status() >= 200 && reply.status() < 300;
    }
  }
}
