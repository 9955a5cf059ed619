/**
 * Notification creates, payment records and payment status updates taken from Kafka and RabbitMQ,
 * each off unless configured: a message is read by the same code as {@code POST
 * /api/v1/notifications}, {@code POST /api/v1/payments} or {@code PUT
 * /api/v1/payments/{paymentId}/status} (its {@code paynotify-type} header tells which),
 * acknowledged only once what it wrote is committed, held (not spun, not dropped) while the
 * database is down, and dead-lettered with its reason when it can never succeed.
 */
@NullMarked
package com.paynotify.server.ingest;

import org.jspecify.annotations.NullMarked;
