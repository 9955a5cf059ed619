/**
 * Final outcomes published to Kafka and RabbitMQ, each off unless configured: written to an outbox
 * in the transaction that ends a notification and relayed from there, at least once, so publishing
 * never blocks or fails a delivery.
 */
@NullMarked
package com.paynotify.server.events;

import org.jspecify.annotations.NullMarked;
