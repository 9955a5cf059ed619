package com.paynotify.channel;

/** A wire format a merchant can receive its callbacks in. */
public enum Channel {
  ALIPAY,
  WECHAT_V3,
  WECHAT_V2,
  WEBHOOK;

  /**
   * What answer from the merchant counts as an acknowledgement, in a few words, as each format
   * judges it.
   */
  public String ackRule() {
    return switch (this) {
      case ALIPAY -> "HTTP 200 with the body success";
      case WECHAT_V3 -> "HTTP 200 or 204";
      case WECHAT_V2 -> "a 2xx with XML return_code SUCCESS and no result_code other than SUCCESS";
      case WEBHOOK -> "any 2xx, unless the merchant names the body";
    };
  }
}
