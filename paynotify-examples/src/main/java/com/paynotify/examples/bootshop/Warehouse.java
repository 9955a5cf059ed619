package com.paynotify.examples.bootshop;

import com.paynotify.receiver.ReceivedNotification;

/** What the shop does after marking an order, in the same transaction: throwing rolls both back. */
@FunctionalInterface
public interface Warehouse {

  void ship(ReceivedNotification notification) throws Exception;
}
