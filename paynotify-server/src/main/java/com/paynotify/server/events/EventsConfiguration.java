package com.paynotify.server.events;

import com.paynotify.server.config.BrokerClients;
import com.paynotify.server.config.CoreConfiguration.MigratedSchema;
import com.paynotify.store.jdbc.JdbcOutcomeOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Outcome publishing, present only when {@code paynotify.events.kafka.topic} or {@code
 * paynotify.events.rabbitmq.exchange} is set; its own broker clients, not Boot's.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EventsConfiguration.AnyBroker.class)
class EventsConfiguration {

  static final class AnyBroker extends AnyNestedCondition {
    AnyBroker() {
      super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "paynotify.events.kafka", name = "topic")
    static final class Kafka {}

    @ConditionalOnProperty(prefix = "paynotify.events.rabbitmq", name = "exchange")
    static final class Rabbitmq {}
  }

  @Bean(destroyMethod = "destroy")
  DefaultKafkaProducerFactory<String, String> eventsKafkaProducerFactory(
      EventsProperties properties) {
    return BrokerClients.reliableKafkaProducer(
        properties.kafka().bootstrapServers(), StringSerializer.class, "paynotify-events");
  }

  @Bean(destroyMethod = "destroy")
  CachingConnectionFactory eventsRabbitConnectionFactory(EventsProperties properties) {
    var rabbit = properties.rabbitmq();
    return BrokerClients.rabbitConnectionFactory(
        rabbit.addresses(),
        rabbit.username(),
        rabbit.password(),
        rabbit.virtualHost(),
        "paynotify-events");
  }

  @Bean
  OutcomeRelay outcomeRelay(
      EventsProperties properties,
      MigratedSchema schema,
      MeterRegistry registry,
      DefaultKafkaProducerFactory<String, String> eventsKafkaProducerFactory,
      CachingConnectionFactory eventsRabbitConnectionFactory) {
    var publishers = new ArrayList<OutcomePublisher>();
    if (properties.kafka().topic() != null) {
      publishers.add(
          new KafkaOutcomePublisher(
              new KafkaTemplate<>(eventsKafkaProducerFactory), properties.kafka().topic()));
    }
    var exchange = properties.rabbitmq().exchange();
    if (exchange != null) {
      var admin = new RabbitAdmin(eventsRabbitConnectionFactory);
      // An exchange the operator declared otherwise is used as it is.
      admin.setIgnoreDeclarationExceptions(true);
      eventsRabbitConnectionFactory.addConnectionListener(
          connection ->
              admin.declareExchange(
                  ExchangeBuilder.topicExchange(Objects.requireNonNull(exchange))
                      .durable(true)
                      .build()));
      publishers.add(
          new RabbitOutcomePublisher(new RabbitTemplate(eventsRabbitConnectionFactory), exchange));
    }
    return new OutcomeRelay(
        new JdbcOutcomeOutbox(schema.dataSource()),
        publishers,
        properties.pollInterval(),
        properties.batchSize(),
        registry);
  }
}
