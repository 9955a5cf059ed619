package com.paynotify.client;

/** The wire format a notification is delivered in, as the API names it. */
public enum Channel {
  ALIPAY,
  WECHAT_V3,
  WECHAT_V2,
  WEBHOOK
}
