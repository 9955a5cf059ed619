package com.paynotify.receiver;

import java.sql.Connection;

/**
 * A handler that writes its business update on the given connection, inside the transaction the
 * receiver also writes the DONE mark in: both commit or neither does. It must not commit or roll
 * back itself.
 */
@FunctionalInterface
public interface TransactionalNotificationHandler {

  void handle(ReceivedNotification notification, Connection connection) throws Exception;
}
