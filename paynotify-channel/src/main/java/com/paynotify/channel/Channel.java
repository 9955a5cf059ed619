package com.paynotify.channel;

/** A wire format a merchant can receive its callbacks in. */
public enum Channel {
  ALIPAY,
  WECHAT_V3,
  WECHAT_V2,
  WEBHOOK
}
