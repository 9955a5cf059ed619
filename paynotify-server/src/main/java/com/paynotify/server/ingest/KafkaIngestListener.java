package com.paynotify.server.ingest;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListener;

/**
 * Takes one record at a time, in partition order. A bad record's copy, with the original's key and
 * headers plus the reason and where it came from, is sent to the dead-letter topic and acknowledged
 * by the broker before the listener returns and the offset is committed.
 */
final class KafkaIngestListener implements MessageListener<byte[], byte[]> {
  static final String TOPIC_HEADER = "paynotify-original-topic";
  static final String PARTITION_HEADER = "paynotify-original-partition";
  static final String OFFSET_HEADER = "paynotify-original-offset";
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final Ingestion ingestion;
  private final KafkaTemplate<byte[], byte[]> template;
  private final String deadLetterTopic;

  KafkaIngestListener(Ingestion ingestion, KafkaTemplate<byte[], byte[]> template, String deadLetterTopic) {
    this.ingestion = ingestion;
    this.template = template;
    this.deadLetterTopic = deadLetterTopic;
  }

  @Override
  public void onMessage(ConsumerRecord<byte[], byte[]> record) {
    // A tombstone has no value: the API's reading refuses an empty body as malformed, as it should.
    var value = record.value() != null ? record.value() : new byte[0];
    switch (ingestion.accept(value)) {
      case Ingestion.Verdict.Accepted accepted -> {}
      case Ingestion.Verdict.Rejected rejected -> {
        deadLetter(record, rejected.rejection());
        ingestion.deadLettered();
      }
    }
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record, Rejection rejection) {
    var copy = new ProducerRecord<>(
        deadLetterTopic, null, record.key(), record.value(), new RecordHeaders(record.headers().toArray()));
    rejection.headers().forEach((name, text) -> header(copy, name, text));
    header(copy, TOPIC_HEADER, record.topic());
    header(copy, PARTITION_HEADER, Integer.toString(record.partition()));
    header(copy, OFFSET_HEADER, Long.toString(record.offset()));
    try {
      template.send(copy).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dead-lettering a record", e);
    } catch (ExecutionException | TimeoutException e) {
      // Thrown, so the record is held and tried again rather than committed without its copy.
      throw new IllegalStateException("could not dead-letter a record to " + deadLetterTopic, e);
    }
  }

  private static void header(ProducerRecord<byte[], byte[]> record, String name, String text) {
    record.headers().remove(name);
    record.headers().add(name, text.getBytes(StandardCharsets.UTF_8));
  }
}
