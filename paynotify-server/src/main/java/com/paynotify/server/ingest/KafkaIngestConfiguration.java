package com.paynotify.server.ingest;

import com.paynotify.Paynotify;
import com.paynotify.server.api.RequestLimits;
import com.paynotify.server.config.BrokerClients;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Kafka ingestion, present only when {@code paynotify.ingest.kafka.topic} is set; its own clients,
 * not Boot's, as for RabbitMQ.
 *
 * <p>Each poll (up to {@code max-poll-records}) is one batch for the listener, which commits its
 * offsets itself ({@code AckMode.MANUAL_IMMEDIATE}) once the batch's notifications and
 * dead-lettered copies are committed, or commits those before a record the database could not take
 * and sends the consumer back to it after a pause (see {@link KafkaIngestListener}). Should the
 * listener throw, the error handler retries the batch after each of {@link Pauses}, commits nothing
 * meanwhile, and never gives a record up.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "paynotify.ingest.kafka", name = "topic")
class KafkaIngestConfiguration {

  @Bean
  DefaultKafkaProducerFactory<byte[], byte[]> ingestKafkaProducerFactory(
      IngestProperties properties) {
    return BrokerClients.reliableKafkaProducer(
        properties.kafka().bootstrapServers(), ByteArraySerializer.class, "paynotify-ingest-dlt");
  }

  @Bean
  ConcurrentMessageListenerContainer<byte[], byte[]> ingestKafkaContainer(
      DefaultKafkaProducerFactory<byte[], byte[]> ingestKafkaProducerFactory,
      IngestProperties properties,
      Paynotify paynotify,
      MeterRegistry registry,
      RequestLimits limits) {
    var kafka = properties.kafka();
    var consumers =
        new DefaultKafkaConsumerFactory<byte[], byte[]>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                kafka.groupId(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                // Bytes, not JSON: a value that is not JSON must reach the API's reading to be
                // dead-lettered with its reason.
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                // A new group starts at the topic's beginning: events published before the first
                // start are not skipped.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                kafka.maxPollRecords()));
    var containerProperties = new ContainerProperties(kafka.topic());
    containerProperties.setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
    var pauses = new Pauses(properties.retryInitial(), properties.retryMax());
    var container = new AtomicReference<ConcurrentMessageListenerContainer<byte[], byte[]>>();
    containerProperties.setMessageListener(
        new KafkaIngestListener(
            new Ingestion(paynotify, "kafka", registry, limits.maxBodySize().toBytes()),
            new KafkaTemplate<>(ingestKafkaProducerFactory),
            String.valueOf(kafka.deadLetterTopic()),
            pauses,
            () -> container.get().isRunning()));
    container.set(new ConcurrentMessageListenerContainer<>(consumers, containerProperties));
    return configured(container.get(), kafka, pauses);
  }

  private static ConcurrentMessageListenerContainer<byte[], byte[]> configured(
      ConcurrentMessageListenerContainer<byte[], byte[]> container,
      IngestProperties.Kafka kafka,
      Pauses pauses) {
    container.setConcurrency(kafka.concurrency());
    container.setCommonErrorHandler(heldWhileFailing(pauses));
    return container;
  }

  /**
   * Retries a failed batch after each of the pauses, for ever: nothing thrown here is a bad
   * message.
   */
  static DefaultErrorHandler heldWhileFailing(Pauses pauses) {
    BackOff backOff =
        () ->
            new BackOffExecution() {
              private int failures;

              @Override
              public long nextBackOff() {
                return pauses.after(++failures).toMillis();
              }
            };
    // Called only if the back-off ever stopped; throwing keeps the record, where the default would
    // skip it.
    var handler =
        new DefaultErrorHandler(
            (record, e) -> {
              throw new IllegalStateException("a Kafka record is never given up", e);
            },
            backOff);
    // Spring's default list treats some failures (a ClassCastException, a conversion failure) as
    // fatal.
    handler.setClassifications(Map.of(), true);
    handler.setCommitRecovered(false);
    return handler;
  }
}
