package com.paynotify.receiver;

/**
 * The merchant's business reaction to a verified notification (mark the order paid, ship). It runs
 * at most once to completion per dedup key; throwing releases the record so a later delivery runs
 * it again.
 */
@FunctionalInterface
public interface NotificationHandler {

  void handle(ReceivedNotification notification) throws Exception;
}
