package com.paynotify.channel;

/** How a channel judges the merchant's answer to a callback. */
public enum AckVerdict {
  /** The merchant acknowledged the callback: delivery is done. */
  ACCEPTED,
  /** The HTTP status is not one the channel accepts. */
  REJECTED_STATUS,
  /** The status was acceptable but the body is not the acknowledgement the channel expects. */
  REJECTED_BODY
}
