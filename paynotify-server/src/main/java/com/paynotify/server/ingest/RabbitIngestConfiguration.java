package com.paynotify.server.ingest;

import com.paynotify.Paynotify;
import com.paynotify.server.api.RequestLimits;
import com.paynotify.server.config.BrokerClients;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * RabbitMQ ingestion, present only when {@code paynotify.ingest.rabbitmq.queue} is set. Its own
 * connection factory, not Boot's, so that nothing connects to a broker (nor reports one down in
 * health) in an installation that does not use one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "paynotify.ingest.rabbitmq", name = "queue")
class RabbitIngestConfiguration {

  @Bean(destroyMethod = "destroy")
  CachingConnectionFactory ingestRabbitConnectionFactory(IngestProperties properties) {
    var rabbit = properties.rabbitmq();
    // Confirmed publishes: a dead-lettered copy must be held by the broker before the original is
    // acknowledged.
    return BrokerClients.rabbitConnectionFactory(
        rabbit.addresses(),
        rabbit.username(),
        rabbit.password(),
        rabbit.virtualHost(),
        "paynotify-ingest");
  }

  @Bean
  RabbitAdmin ingestRabbitAdmin(
      CachingConnectionFactory ingestRabbitConnectionFactory, IngestProperties properties) {
    var rabbit = properties.rabbitmq();
    var admin = new RabbitAdmin(ingestRabbitConnectionFactory);
    // A queue the operator declared with other arguments (quorum, a TTL) is used as it is.
    admin.setIgnoreDeclarationExceptions(true);
    // Declared on every (re)connection, so a broker that lost them gets them back.
    ingestRabbitConnectionFactory.addConnectionListener(
        connection -> {
          admin.declareQueue(QueueBuilder.durable(Objects.requireNonNull(rabbit.queue())).build());
          admin.declareQueue(
              QueueBuilder.durable(Objects.requireNonNull(rabbit.deadLetterQueue())).build());
        });
    return admin;
  }

  @Bean
  SimpleMessageListenerContainer ingestRabbitContainer(
      CachingConnectionFactory ingestRabbitConnectionFactory,
      RabbitAdmin ingestRabbitAdmin,
      IngestProperties properties,
      Paynotify paynotify,
      MeterRegistry registry,
      RequestLimits limits) {
    var rabbit = properties.rabbitmq();
    var template = new RabbitTemplate(ingestRabbitConnectionFactory);
    template.setUsePublisherConnection(true);
    var container = new SimpleMessageListenerContainer(ingestRabbitConnectionFactory);
    container.setQueueNames(rabbit.queue());
    container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
    container.setConcurrentConsumers(rabbit.concurrency());
    container.setPrefetchCount(rabbit.prefetch());
    // Batches for one call of the core; the deliveries themselves, not Spring's producer-side
    // batches.
    container.setConsumerBatchEnabled(true);
    container.setDeBatchingEnabled(true);
    container.setBatchSize(rabbit.batchSize());
    // A lone message is handed over after this wait for another, not after the default second.
    container.setReceiveTimeout(IngestProperties.Rabbitmq.BATCH_WAIT.toMillis());
    container.setAmqpAdmin(ingestRabbitAdmin);
    // A broker that is down at start-up is waited for, not a failed start.
    container.setMissingQueuesFatal(false);
    container.setMessageListener(
        new RabbitIngestListener(
            new Ingestion(paynotify, "rabbitmq", registry, limits.maxBodySize().toBytes()),
            template,
            rabbit.queue(),
            rabbit.deadLetterQueue(),
            new Pauses(properties.retryInitial(), properties.retryMax()),
            container::isActive));
    return container;
  }
}
