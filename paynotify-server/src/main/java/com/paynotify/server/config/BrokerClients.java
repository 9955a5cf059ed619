package com.paynotify.server.config;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * The one way the server's own broker clients are built from configuration, for ingestion and
 * outcome events alike; they are the server's own, not Boot's, so that nothing connects to a broker
 * in an installation that does not use one.
 */
public final class BrokerClients {
  private BrokerClients() {}

  /**
   * A RabbitMQ connection factory named {@code name} whose publishes are confirmed by the broker,
   * so that a publish that returned is one the broker holds.
   */
  public static CachingConnectionFactory rabbitConnectionFactory(
      @Nullable String addresses,
      @Nullable String username,
      @Nullable String password,
      @Nullable String virtualHost,
      String name) {
    var factory = new CachingConnectionFactory();
    factory.setAddresses(addresses);
    factory.setUsername(username);
    factory.setPassword(password);
    factory.setVirtualHost(virtualHost);
    factory.setConnectionNameStrategy(f -> name);
    factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
    return factory;
  }

  /**
   * A Kafka producer factory that writes only what every in-sync replica holds ({@code acks=all})
   * and never twice on a retry (idempotence), as {@code clientId}.
   */
  public static <T> DefaultKafkaProducerFactory<T, T> reliableKafkaProducer(
      @Nullable String bootstrapServers,
      Class<? extends Serializer<T>> serializer,
      String clientId) {
    return new DefaultKafkaProducerFactory<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, serializer,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, serializer,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.CLIENT_ID_CONFIG, clientId));
  }
}
