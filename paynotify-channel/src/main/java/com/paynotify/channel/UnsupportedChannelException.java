package com.paynotify.channel;

/** Thrown for a channel whose wire format this build does not implement. */
public final class UnsupportedChannelException extends RuntimeException {

  public UnsupportedChannelException(Channel channel) {
    super("channel " + channel + " is not supported yet; supported: WEBHOOK");
  }
}
