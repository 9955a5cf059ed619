/**
 * Spring support for {@code paynotify-receiver}: {@link
 * com.paynotify.receiver.spring.PaynotifyCallbacks} turns a controller's headers and raw body into
 * the channel's {@code ResponseEntity}, handlers join the application's transaction ({@link
 * com.paynotify.receiver.spring.SpringHandlerTransaction}), and the Redis store runs on Spring Data
 * Redis ({@link com.paynotify.receiver.spring.SpringRedisCommands}).
 */
@NullMarked
package com.paynotify.receiver.spring;

import org.jspecify.annotations.NullMarked;
