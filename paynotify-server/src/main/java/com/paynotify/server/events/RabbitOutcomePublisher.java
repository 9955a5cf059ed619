package com.paynotify.server.events;

import com.paynotify.store.jdbc.OutcomeEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes a batch of outcomes, persistent, on one channel and waits for the broker's confirms.
 */
final class RabbitOutcomePublisher implements OutcomePublisher {
  private static final long CONFIRM_TIMEOUT_MILLIS = 30_000;
  private final RabbitTemplate template;
  private final String exchange;

  RabbitOutcomePublisher(RabbitTemplate template, String exchange) {
    this.template = template;
    this.exchange = exchange;
  }

  @Override
  public void publish(List<OutcomeEvent> events) {
    template.invoke(
        operations -> {
          for (var event : events) {
            operations.send(
                exchange,
                OutcomeMessages.type(event),
                MessageBuilder.withBody(
                        OutcomeMessages.json(event).getBytes(StandardCharsets.UTF_8))
                    .setContentType("application/json")
                    .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                    .setMessageId(event.notificationId() + ":" + event.seq())
                    .setHeader("paynotify-key", OutcomeMessages.key(event))
                    .build());
          }
          operations.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
          return null;
        });
  }
}
