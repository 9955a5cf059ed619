package com.paynotify.server.events;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code paynotify.events.*}: where final outcomes (SUCCEEDED, FAILED, ABANDONED) are published.
 * Each broker is off until its topic or exchange is set; with neither, no outcome is even written
 * to the outbox.
 *
 * @param kafka {@code paynotify.events.kafka.*}
 * @param rabbitmq {@code paynotify.events.rabbitmq.*}
 * @param pollInterval how often the relay looks for outcomes when it found none; default 1s
 * @param batchSize outcomes relayed per database round trip; default 100
 */
@ConfigurationProperties("paynotify.events")
public record EventsProperties(
    @Nullable Kafka kafka,
    @Nullable Rabbitmq rabbitmq,
    @Nullable Duration pollInterval,
    int batchSize) {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_BATCH_SIZE = 100;

  public EventsProperties {
    kafka = kafka != null ? kafka : new Kafka(null, null);
    rabbitmq = rabbitmq != null ? rabbitmq : new Rabbitmq(null, null, null, null, null);
    pollInterval = pollInterval != null ? pollInterval : DEFAULT_POLL_INTERVAL;
    batchSize = batchSize > 0 ? batchSize : DEFAULT_BATCH_SIZE;
  }

  /** Whether any broker is configured, so that outcomes are to be written to the outbox. */
  public boolean enabled() {
    return kafka().topic() != null || rabbitmq().exchange() != null;
  }

  /**
   * {@code paynotify.events.kafka.*}.
   *
   * @param bootstrapServers the brokers, {@code host:port,...}; default {@code 127.0.0.1:9092}
   * @param topic the topic outcomes go to, keyed by {@code merchantId:orderNo}; off while unset
   */
  public record Kafka(@Nullable String bootstrapServers, @Nullable String topic) {
    public Kafka {
      bootstrapServers = bootstrapServers != null ? bootstrapServers : "127.0.0.1:9092";
    }
  }

  /**
   * {@code paynotify.events.rabbitmq.*}.
   *
   * @param addresses the brokers, {@code host:port,...}; default {@code 127.0.0.1:5672}
   * @param username default {@code guest}
   * @param password default {@code guest}; never logged
   * @param virtualHost default {@code /}
   * @param exchange the topic exchange outcomes go to, declared durable if absent, with routing key
   *     {@code notification.succeeded}, {@code .failed} or {@code .abandoned}; off while unset
   */
  public record Rabbitmq(
      @Nullable String addresses,
      @Nullable String username,
      @Nullable String password,
      @Nullable String virtualHost,
      @Nullable String exchange) {
    public Rabbitmq {
      addresses = addresses != null ? addresses : "127.0.0.1:5672";
      username = username != null ? username : "guest";
      password = password != null ? password : "guest";
      virtualHost = virtualHost != null ? virtualHost : "/";
    }

    @Override
    public String toString() {
      return "Rabbitmq[addresses="
          + addresses
          + ", username="
          + username
          + ", password=****, virtualHost="
          + virtualHost
          + ", exchange="
          + exchange
          + "]";
    }
  }
}
