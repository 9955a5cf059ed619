package com.paynotify.receiver.spring;

import com.paynotify.channel.ReceivedCallback;
import com.paynotify.receiver.NotificationHandler;
import com.paynotify.receiver.NotificationReceiver;
import com.paynotify.receiver.Receipt;

/**
 * How a delivery's handler runs: {@link #NONE} calls the receiver as it is; {@link
 * SpringHandlerTransaction} runs the handler and the DONE mark in one transaction of the
 * application's transaction manager.
 */
@FunctionalInterface
public interface HandlerTransaction {

  /** No transaction of its own: the handler's own {@code @Transactional} methods commit first. */
  HandlerTransaction NONE = NotificationReceiver::handle;

  /** Handles one delivery with {@code receiver}; never throws for what the sender sent. */
  Receipt handle(
      NotificationReceiver receiver, ReceivedCallback callback, NotificationHandler handler);
}
