/**
 * The merchant side of Paynotify: verify a callback, run the merchant's handler at most once per
 * notification, and answer with the exact acknowledgement the channel expects. Start at {@link
 * com.paynotify.receiver.NotificationReceiver}.
 */
@NullMarked
package com.paynotify.receiver;

import org.jspecify.annotations.NullMarked;
