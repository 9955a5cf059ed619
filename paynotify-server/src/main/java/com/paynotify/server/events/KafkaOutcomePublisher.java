package com.paynotify.server.events;

import com.paynotify.store.jdbc.OutcomeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** Sends a batch of outcomes to the topic, keyed by merchant and order, and waits for every ack. */
final class KafkaOutcomePublisher implements OutcomePublisher {
  private static final long ACK_TIMEOUT_SECONDS = 30;
  private final KafkaTemplate<String, String> template;
  private final String topic;

  KafkaOutcomePublisher(KafkaTemplate<String, String> template, String topic) {
    this.template = template;
    this.topic = topic;
  }

  @Override
  public void publish(List<OutcomeEvent> events) {
    var sends = new ArrayList<CompletableFuture<SendResult<String, String>>>();
    for (var event : events) {
      sends.add(template.send(topic, OutcomeMessages.key(event), OutcomeMessages.json(event)));
    }
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing outcomes", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not take the outcomes: " + e.getMessage(), e);
    }
  }
}
