package com.paynotify.server.ingest;

import com.paynotify.server.api.PaymentMessages;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;

/**
 * Takes a consumer's messages as one batch, taken by {@link Ingestion} (its notification creates in
 * one call of the core, its payment messages in their turn, kinds told by the {@value
 * Ingestion.Kind#HEADER} header), and acknowledges them (at once, up to the last) only after their
 * notifications and payment writes are committed and the dead-lettered copies of the bad ones are
 * confirmed by the broker. While the database is down the messages it could not take are held and
 * tried again after growing pauses, in place: no requeue spins them, nothing behind them overtakes
 * them, and the queue's other messages wait unacknowledged. A crash at any point leaves what was
 * not acknowledged to be delivered again, and the idempotent create finds what it made.
 */
final class RabbitIngestListener implements ChannelAwareBatchMessageListener {
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
      Ingestion ingestion,
      RabbitTemplate template,
      @Nullable String queue,
      @Nullable String deadLetterQueue,
      Pauses pauses,
      BooleanSupplier running) {
    this.ingestion = ingestion;
    this.template = template;
    this.queue = String.valueOf(queue);
    this.deadLetterQueue = String.valueOf(deadLetterQueue);
    this.pauses = pauses;
    this.running = running;
  }

  @Override
  public void onMessageBatch(List<Message> messages, @Nullable Channel channel) {
    if (channel == null) {
      throw new IllegalStateException("manual acknowledgement needs the channel");
    }
    try {
      takeAll(messages, channel);
    } catch (IOException e) {
      // The channel died: what it did not acknowledge, the broker delivers again.
      throw new UncheckedIOException(e);
    }
  }

  private void takeAll(List<Message> messages, Channel channel) throws IOException {
    var rest = messages;
    for (int failures = 1; !rest.isEmpty(); ) {
      var taken =
          ingestion.acceptAll(
              rest.stream()
                  .map(
                      m ->
                          new Ingestion.Incoming(
                              type(m),
                              m.getBody(),
                              header(m, PaymentMessages.KEY_HEADER),
                              m.getMessageProperties().getMessageId()))
                  .toList());
      int done = taken.verdicts().size();
      RuntimeException held = taken.held();
      try {
        deadLetter(rest, taken.verdicts());
      } catch (RuntimeException e) {
        // Which copies the broker holds is unknown: from the first of them on, all are held.
        done = firstRejected(taken.verdicts());
        held = e;
      }
      if (done > 0) {
        // One acknowledgement for the whole taken part: the channel's earlier deliveries are all
        // settled.
        channel.basicAck(tag(rest.get(done - 1)), true);
        rest = rest.subList(done, rest.size());
        failures = 1;
      }
      if (held == null) {
        return;
      }
      var pause = pauses.after(failures++);
      log.warn(
          "Could not take {} RabbitMQ message(s) from {} (try {}), trying them again in {}: {}",
          rest.size(),
          queue,
          failures - 1,
          pause,
          held.toString());
      if (!sleep(pause.toMillis())) {
        // Stopping: the broker hands them to the next consumer, or to this one after a restart.
        channel.basicNack(tag(rest.getLast()), true, true);
        return;
      }
    }
  }

  /** The message's {@value Ingestion.Kind#HEADER} header, null when it has none. */
  private static @Nullable String type(Message message) {
    return header(message, Ingestion.Kind.HEADER);
  }

  /** The message's header of that name as text, null when it has none. */
  private static @Nullable String header(Message message, String name) {
    Object header = message.getMessageProperties().getHeader(name);
    return header == null ? null : header.toString();
  }

  private static long tag(Message message) {
    return message.getMessageProperties().getDeliveryTag();
  }

  private static int firstRejected(List<Ingestion.Verdict> verdicts) {
    for (int i = 0; i < verdicts.size(); i++) {
      if (verdicts.get(i) instanceof Ingestion.Verdict.Rejected) {
        return i;
      }
    }
    return verdicts.size();
  }

  /**
   * Publishes the copies of the rejected ones to the dead-letter queue and waits for the broker's
   * confirms.
   */
  private void deadLetter(List<Message> messages, List<Ingestion.Verdict> verdicts) {
    int rejected =
        verdicts.size()
            - (int) verdicts.stream().filter(Ingestion.Verdict.Accepted.class::isInstance).count();
    if (rejected == 0) {
      return;
    }
    template.invoke(
        operations -> {
          for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.get(i) instanceof Ingestion.Verdict.Rejected r) {
              var copy = MessageBuilder.fromMessage(messages.get(i)).setHeader(QUEUE_HEADER, queue);
              r.rejection().headers().forEach(copy::setHeader);
              operations.send("", deadLetterQueue, copy.build());
            }
          }
          operations.waitForConfirmsOrDie(10_000);
          return null;
        });
    for (int i = 0; i < rejected; i++) {
      ingestion.deadLettered();
    }
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
