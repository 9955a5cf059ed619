package com.paynotify.server.ingest;

import com.paynotify.server.api.PaymentMessages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchAcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Takes each poll's records as one batch, in partition order, taken by {@link Ingestion} (its
 * notification creates in one call of the core, its payment messages in their turn); the {@value
 * Ingestion.Kind#HEADER} header tells a record's kind. A bad record's copy, with the original's key
 * and headers plus the reason and where it came from, is sent to the dead-letter topic and
 * acknowledged by the broker before the offsets are committed.
 *
 * <p>When the database cannot take a record, the offsets of the records before it are committed,
 * the consumer is sent back to it on its partition and to the first record not taken on each other
 * partition of the batch, and the consumer thread waits the next of {@link Pauses} (polling
 * nothing) before the record and all after it come again. Nothing is committed ahead of its
 * notification.
 */
final class KafkaIngestListener
    implements BatchAcknowledgingConsumerAwareMessageListener<byte[], byte[]> {
  private static final Logger log = LoggerFactory.getLogger(KafkaIngestListener.class);
  static final String TOPIC_HEADER = "paynotify-original-topic";
  static final String PARTITION_HEADER = "paynotify-original-partition";
  static final String OFFSET_HEADER = "paynotify-original-offset";
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final Ingestion ingestion;
  private final KafkaTemplate<byte[], byte[]> template;
  private final String deadLetterTopic;
  private final Pauses pauses;
  private final BooleanSupplier running;

  /** Failed tries in a row of each consumer thread's batch, for the growing pauses. */
  private final ThreadLocal<int[]> failures = ThreadLocal.withInitial(() -> new int[1]);

  /**
   * @param running false once the container is stopping, which cuts a pause short
   */
  KafkaIngestListener(
      Ingestion ingestion,
      KafkaTemplate<byte[], byte[]> template,
      String deadLetterTopic,
      Pauses pauses,
      BooleanSupplier running) {
    this.running = running;
    this.ingestion = ingestion;
    this.template = template;
    this.deadLetterTopic = deadLetterTopic;
    this.pauses = pauses;
  }

  @Override
  public void onMessage(
      List<ConsumerRecord<byte[], byte[]>> records,
      @Nullable Acknowledgment acknowledgment,
      Consumer<?, ?> consumer) {
    if (acknowledgment == null) {
      throw new IllegalStateException("manual acknowledgement needs the acknowledgment");
    }
    // A tombstone has no value: the API's reading refuses an empty body as malformed, as it should.
    var taken =
        ingestion.acceptAll(
            records.stream()
                .map(
                    r ->
                        new Ingestion.Incoming(
                            type(r),
                            r.value() != null ? r.value() : new byte[0],
                            header(r, PaymentMessages.KEY_HEADER),
                            coordinates(r)))
                .toList());
    RuntimeException held = taken.held();
    int done = taken.verdicts().size();
    try {
      deadLetter(records, taken.verdicts());
    } catch (DeadLetterFailed e) {
      held = (RuntimeException) e.getCause();
      done = e.index;
    }
    var failed = failures.get();
    if (held == null) {
      failed[0] = 0;
      acknowledgment.acknowledge();
      return;
    }
    // A batch that got further than the last try starts the pauses afresh.
    failed[0] = done > 0 ? 1 : failed[0] + 1;
    var pause = pauses.after(failed[0]);
    log.warn(
        "Could not take Kafka record {} of a batch of {} (try {}), committing those before it and trying it again in {}: {}",
        done + 1,
        records.size(),
        failed[0],
        pause,
        held.toString());
    if (done > 0) {
      acknowledgment.acknowledge(done - 1);
    }
    // Back to the first record not taken of each partition, so that the next poll brings them
    // again.
    var firstHeld = new LinkedHashMap<TopicPartition, Long>();
    for (var record : records.subList(done, records.size())) {
      firstHeld.putIfAbsent(
          new TopicPartition(record.topic(), record.partition()), record.offset());
    }
    firstHeld.forEach(consumer::seek);
    sleep(pause.toMillis());
  }

  /** The record's last {@value Ingestion.Kind#HEADER} header, null when it has none. */
  private static @Nullable String type(ConsumerRecord<byte[], byte[]> record) {
    return header(record, Ingestion.Kind.HEADER);
  }

  /** The record's last header of that name, null when it has none. */
  private static @Nullable String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * Where the record is in its topic, {@code kafka:<topic>:<partition>:<offset>}: the same when a
   * crash before the commit delivers it again, another record's otherwise.
   */
  static String coordinates(ConsumerRecord<?, ?> record) {
    return "kafka:" + record.topic() + ":" + record.partition() + ":" + record.offset();
  }

  /** Sleeps on the consumer thread, in short naps so that a stopping container is not held up. */
  private void sleep(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    try {
      while (running.getAsBoolean()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return;
        }
        Thread.sleep(Math.min(left, 100));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends the copies of the rejected ones together, then waits for each, in order. */
  private void deadLetter(
      List<ConsumerRecord<byte[], byte[]>> records, List<Ingestion.Verdict> verdicts)
      throws DeadLetterFailed {
    var sends = new ArrayList<CompletableFuture<?>>();
    var at = new ArrayList<Integer>();
    for (int i = 0; i < verdicts.size(); i++) {
      if (verdicts.get(i) instanceof Ingestion.Verdict.Rejected rejected) {
        sends.add(template.send(copy(records.get(i), rejected.rejection())));
        at.add(i);
      }
    }
    for (int k = 0; k < sends.size(); k++) {
      try {
        sends.get(k).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeadLetterFailed(
            at.get(k), new IllegalStateException("interrupted while dead-lettering a record", e));
      } catch (ExecutionException | TimeoutException e) {
        // Held, so the record is tried again rather than committed without its copy.
        throw new DeadLetterFailed(
            at.get(k),
            new IllegalStateException("could not dead-letter a record to " + deadLetterTopic, e));
      }
      ingestion.deadLettered();
    }
  }

  private ProducerRecord<byte[], byte[]> copy(
      ConsumerRecord<byte[], byte[]> record, Rejection rejection) {
    var copy =
        new ProducerRecord<>(
            deadLetterTopic,
            null,
            record.key(),
            record.value(),
            new RecordHeaders(record.headers().toArray()));
    rejection.headers().forEach((name, text) -> header(copy, name, text));
    header(copy, TOPIC_HEADER, record.topic());
    header(copy, PARTITION_HEADER, Integer.toString(record.partition()));
    header(copy, OFFSET_HEADER, Long.toString(record.offset()));
    return copy;
  }

  private static void header(ProducerRecord<byte[], byte[]> record, String name, String text) {
    record.headers().remove(name);
    record.headers().add(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The copy of the record at {@code index} is not known to be out: hold it and those after it. */
  private static final class DeadLetterFailed extends Exception {
    final int index;

    DeadLetterFailed(int index, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.index = index;
    }
  }
}
