/**
 * The auto-configuration of {@code paynotify-receiver} from {@code paynotify.receiver.*}: {@link
 * com.paynotify.receiver.spring.autoconfigure.PaynotifyReceiverAutoConfiguration} and its
 * properties, {@link com.paynotify.receiver.spring.autoconfigure.PaynotifyReceiverProperties}.
 */
@NullMarked
package com.paynotify.receiver.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
