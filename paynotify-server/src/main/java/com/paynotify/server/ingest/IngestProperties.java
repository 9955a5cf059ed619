package com.paynotify.server.ingest;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code paynotify.ingest.*}: where notification creates are consumed from. Each broker is off
 * until its topic or queue is set.
 *
 * @param kafka {@code paynotify.ingest.kafka.*}
 * @param rabbitmq {@code paynotify.ingest.rabbitmq.*}
 * @param retryInitial the first pause after the database failed to take a message; doubled on each
 *     further failure of the same message
 * @param retryMax the longest pause between two tries of one message while the database is down
 */
@ConfigurationProperties("paynotify.ingest")
public record IngestProperties(
    @Nullable Kafka kafka,
    @Nullable Rabbitmq rabbitmq,
    @Nullable Duration retryInitial,
    @Nullable Duration retryMax) {
  public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);

  public IngestProperties {
    kafka = kafka != null ? kafka : new Kafka(null, null, null, null, 0, 0);
    rabbitmq =
        rabbitmq != null ? rabbitmq : new Rabbitmq(null, null, null, null, null, null, 0, 0, 0);
    retryInitial = retryInitial != null ? retryInitial : DEFAULT_RETRY_INITIAL;
    retryMax = retryMax != null ? retryMax : DEFAULT_RETRY_MAX;
    if (retryInitial.isNegative()
        || retryInitial.isZero()
        || retryMax.compareTo(retryInitial) < 0) {
      throw new IllegalArgumentException(
          "paynotify.ingest.retry-initial ("
              + retryInitial
              + ") must be positive and at most retry-max ("
              + retryMax
              + ")");
    }
  }

  /**
   * {@code paynotify.ingest.kafka.*}.
   *
   * @param bootstrapServers the brokers, {@code host:port,...}; default {@code 127.0.0.1:9092}
   * @param topic the topic of notification creates; Kafka ingestion is off while it is unset
   * @param deadLetterTopic where messages that can never succeed go; default {@code <topic>.dlt}
   * @param groupId the consumer group; default {@code paynotify}
   * @param concurrency consumers in this instance (each takes whole partitions); default 1
   * @param maxPollRecords the most records one poll returns, created together as one batch (one
   *     transaction) and committed together; default 200, the size of one group commit
   */
  public record Kafka(
      @Nullable String bootstrapServers,
      @Nullable String topic,
      @Nullable String deadLetterTopic,
      @Nullable String groupId,
      int concurrency,
      int maxPollRecords) {
    public static final int DEFAULT_MAX_POLL_RECORDS = 200;

    public Kafka {
      maxPollRecords = maxPollRecords > 0 ? maxPollRecords : DEFAULT_MAX_POLL_RECORDS;
      bootstrapServers = bootstrapServers != null ? bootstrapServers : "127.0.0.1:9092";
      groupId = groupId != null ? groupId : "paynotify";
      deadLetterTopic = deadLetterTopic != null || topic == null ? deadLetterTopic : topic + ".dlt";
      concurrency = concurrency > 0 ? concurrency : 1;
    }
  }

  /**
   * {@code paynotify.ingest.rabbitmq.*}.
   *
   * @param addresses the brokers, {@code host:port,...}; default {@code 127.0.0.1:5672}
   * @param username default {@code guest}
   * @param password default {@code guest}; never logged
   * @param virtualHost default {@code /}
   * @param queue the queue of notification creates, declared durable if absent; RabbitMQ ingestion
   *     is off while it is unset
   * @param deadLetterQueue where messages that can never succeed go, declared durable if absent;
   *     default {@code <queue>.dlq}
   * @param concurrency consumers of the queue in this instance; more than 1 gives up arrival order;
   *     default 1
   * @param batchSize the most messages a consumer takes as one batch, created together (one
   *     transaction) and acknowledged together; a batch is handed over once full or once no message
   *     came for {@link #BATCH_WAIT}; default 100
   * @param prefetch unacknowledged messages a consumer holds, at least {@code batchSize}; default
   *     twice {@code batchSize}, so the next batch is on its way while one is created
   */
  public record Rabbitmq(
      @Nullable String addresses,
      @Nullable String username,
      @Nullable String password,
      @Nullable String virtualHost,
      @Nullable String queue,
      @Nullable String deadLetterQueue,
      int concurrency,
      int batchSize,
      int prefetch) {
    public static final int DEFAULT_BATCH_SIZE = 100;

    /**
     * How long a consumer waits for one more message before it hands over a batch that is not full.
     */
    public static final Duration BATCH_WAIT = Duration.ofMillis(20);

    public Rabbitmq {
      addresses = addresses != null ? addresses : "127.0.0.1:5672";
      username = username != null ? username : "guest";
      password = password != null ? password : "guest";
      virtualHost = virtualHost != null ? virtualHost : "/";
      deadLetterQueue = deadLetterQueue != null || queue == null ? deadLetterQueue : queue + ".dlq";
      concurrency = concurrency > 0 ? concurrency : 1;
      batchSize = batchSize > 0 ? batchSize : DEFAULT_BATCH_SIZE;
      prefetch = prefetch > 0 ? Math.max(prefetch, batchSize) : 2 * batchSize;
    }

    @Override
    public String toString() {
      return "Rabbitmq[addresses="
          + addresses
          + ", username="
          + username
          + ", password=****, virtualHost="
          + virtualHost
          + ", queue="
          + queue
          + ", deadLetterQueue="
          + deadLetterQueue
          + ", concurrency="
          + concurrency
          + ", batchSize="
          + batchSize
          + ", prefetch="
          + prefetch
          + "]";
    }
  }
}
