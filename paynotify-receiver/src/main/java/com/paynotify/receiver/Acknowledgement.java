package com.paynotify.receiver;

import com.paynotify.channel.Channel;

/**
 * The replies one channel's sender understands: a success that stops its retries, a retryable
 * failure that makes it come back later, and a rejection of a callback that failed a check. Each
 * channel implements them exactly as its official sender judges them.
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
   * The reply while another delivery of the same notification is still being processed: a
   * retryable failure, never a success, since that delivery may yet fail.
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
      case ALIPAY -> Alipay.INSTANCE;
      case WECHAT_V3 -> WechatV3.INSTANCE;
      case WECHAT_V2 -> WechatV2.INSTANCE;
      case WEBHOOK -> Webhook.INSTANCE;
    };
  }

  /** Alipay: HTTP 200 and the body {@code success}; anything else ({@code fail}) is retried. */
  enum Alipay implements Acknowledgement {
    INSTANCE;

    @Override
    public Reply success() {
      return new Reply(200, "text/plain;charset=UTF-8", "success");
    }

    @Override
    public Reply retryLater(String reason) {
      return new Reply(200, "text/plain;charset=UTF-8", "fail");
    }

    @Override
    public Reply rejected(String reason) {
      return retryLater(reason);
    }

    @Override
    public boolean isSuccess(Reply reply) {
      return reply.status() == 200 && reply.body().trim().equals("success");
    }
  }

  /**
   * WeChat Pay v3: HTTP 200 or 204 acknowledges; a 4xx/5xx with {@code {"code":"FAIL","message":
   * ...}} is retried.
   */
  enum WechatV3 implements Acknowledgement {
    INSTANCE;

    @Override
    public Reply success() {
      return new Reply(204, "application/json", "");
    }

    @Override
    public Reply retryLater(String reason) {
      return new Reply(500, "application/json", failure(reason));
    }

    @Override
    public Reply rejected(String reason) {
      return new Reply(400, "application/json", failure(reason));
    }

    @Override
    public boolean isSuccess(Reply reply) {
      return reply.status() == 200 || reply.status() == 204;
    }

    private static String failure(String reason) {
      return "{\"code\":\"FAIL\",\"message\":\"" + jsonEscape(reason) + "\"}";
    }

    private static String jsonEscape(String text) {
      var out = new StringBuilder(text.length());
      for (var c : text.toCharArray()) {
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.toString();
    }
  }

  /**
   * WeChat Pay v2: an XML body whose {@code return_code} is {@code SUCCESS} acknowledges; {@code
   * FAIL} is retried.
   */
  enum WechatV2 implements Acknowledgement {
    INSTANCE;

    @Override
    public Reply success() {
      return xml("SUCCESS", "OK");
    }

    @Override
    public Reply retryLater(String reason) {
      return xml("FAIL", reason);
    }

    @Override
    public Reply rejected(String reason) {
      return xml("FAIL", reason);
    }

    @Override
    public boolean isSuccess(Reply reply) {
      return reply.status() == 200
          && reply.body().contains("<return_code><![CDATA[SUCCESS]]></return_code>");
    }

    private static Reply xml(String code, String message) {
      var safe = message.replace("]]>", "]]]]><![CDATA[>");
      return new Reply(
          200,
          "application/xml;charset=UTF-8",
          "<xml><return_code><![CDATA["
              + code
              + "]]></return_code><return_msg><![CDATA["
              + safe
              + "]]></return_msg></xml>");
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
      return new Reply(204, "text/plain;charset=UTF-8", "");
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
