package com.paynotify.server.ingest;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Takes one message at a time and acknowledges it only after its notification is committed or its
 * dead-lettered copy is confirmed by the broker. While the database is down the message is held and
 * tried again after growing pauses, in place: no requeue spins it, nothing behind it overtakes it,
 * and the queue's other messages wait unacknowledged. A crash at any point leaves the message
 * unacknowledged, so the broker delivers it again and the idempotent create finds what it made.
 */
final class RabbitIngestListener implements ChannelAwareMessageListener {
  private static final Logger log = LoggerFactory.getLogger(RabbitIngestListener.class);
  /** How often a pause looks whether the container is stopping. */
  private static final long WAKE_MILLIS = 100;
  static final String QUEUE_HEADER = "paynotify-original-queue";

  private final Ingestion ingestion;
  private final RabbitTemplate template;
  private final String queue;
  private final String deadLetterQueue;
  private final Pauses pauses;
  private final BooleanSupplier running;

  RabbitIngestListener(
      Ingestion ingestion, RabbitTemplate template, @Nullable String queue, @Nullable String deadLetterQueue,
      Pauses pauses, BooleanSupplier running) {
    this.ingestion = ingestion;
    this.template = template;
    this.queue = String.valueOf(queue);
    this.deadLetterQueue = String.valueOf(deadLetterQueue);
    this.pauses = pauses;
    this.running = running;
  }

  @Override
  public void onMessage(Message message, @Nullable Channel channel) throws IOException {
    if (channel == null) {
      throw new IllegalStateException("manual acknowledgement needs the channel");
    }
    long tag = message.getMessageProperties().getDeliveryTag();
    for (int failures = 1; ; failures++) {
      try {
        take(message);
      } catch (RuntimeException e) {
        var pause = pauses.after(failures);
        log.warn("Could not take a RabbitMQ message from {} (try {}), trying it again in {}: {}",
            queue, failures, pause, e.toString());
        if (sleep(pause.toMillis())) {
          continue;
        }
        // Stopping: the broker hands the message to the next consumer, or to this one after a restart.
        channel.basicNack(tag, false, true);
        return;
      }
      // Outside the try: a channel that died cannot acknowledge; the broker redelivers instead.
      channel.basicAck(tag, false);
      return;
    }
  }

  /** Commits the message's notification, or its dead-lettered copy. */
  private void take(Message message) {
    switch (ingestion.accept(message.getBody())) {
      case Ingestion.Verdict.Accepted accepted -> {}
      case Ingestion.Verdict.Rejected rejected -> {
        deadLetter(message, rejected.rejection());
        ingestion.deadLettered();
      }
    }
  }

  /** Publishes the copy to the dead-letter queue and waits for the broker's confirm. */
  private void deadLetter(Message message, Rejection rejection) {
    var copy = MessageBuilder.fromMessage(message).setHeader(QUEUE_HEADER, queue);
    rejection.headers().forEach(copy::setHeader);
    template.invoke(operations -> {
      operations.send("", deadLetterQueue, copy.build());
      operations.waitForConfirmsOrDie(10_000);
      return null;
    });
  }

  /** Sleeps, in short naps so a stopping container is not held up; false when it is stopping. */
  private boolean sleep(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    try {
      while (running.getAsBoolean()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return true;
        }
        Thread.sleep(Math.min(left, WAKE_MILLIS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
