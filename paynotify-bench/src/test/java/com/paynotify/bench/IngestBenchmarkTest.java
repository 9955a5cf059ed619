package com.paynotify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.bench.IngestBenchmark.Source;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class IngestBenchmarkTest {

  @Test
  void takesTheBrokersFromTheIngestArgumentInTheOrderGivenOnceEach() {
    assertThat(Source.parse("rabbitmq")).containsExactly(Source.RABBITMQ);
    assertThat(Source.parse("kafka, RabbitMQ,kafka"))
        .containsExactly(Source.KAFKA, Source.RABBITMQ);
    assertThat(IngestBenchmark.Options.parse(new String[0]).sources())
        .containsExactly(Source.RABBITMQ, Source.KAFKA);
  }

  @Test
  void refusesAnUnknownBrokerNamingTheArgument() {
    assertThatThrownBy(() -> Source.parse("rabbitmq,pulsar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ingest")
        .hasMessageContaining("'pulsar'");
  }

  @Test
  void publishesEveryBodyToTheQueueInOrderAndPersistentConfirmedByTheBroker() throws Exception {
    var factory = new ConnectionFactory();
    factory.setHost(System.getenv().getOrDefault("PAYNOTIFY_TEST_RABBITMQ_HOST", "127.0.0.1"));
    factory.setConnectionTimeout(3_000);
    var queue = "paynotify-bench-test-" + Long.toHexString(System.nanoTime());
    try (var connection = newConnection(factory);
        var channel = connection.createChannel()) {
      channel.queueDeclare(queue, true, false, false, null);
      try {
        var bodies =
            List.of("{\"orderNo\":\"A-0\"}", "{\"orderNo\":\"A-1\"}", "{\"orderNo\":\"A-2\"}");

        IngestBenchmark.RabbitPublisher.publish(factory, queue, bodies);

        var taken = new ArrayList<String>();
        for (var response = channel.basicGet(queue, true);
            response != null;
            response = channel.basicGet(queue, true)) {
          assertThat(response.getProps().getDeliveryMode()).isEqualTo(2);
          assertThat(response.getProps().getContentType()).isEqualTo("application/json");
          taken.add(new String(response.getBody(), StandardCharsets.UTF_8));
        }
        assertThat(taken).isEqualTo(bodies);
      } finally {
        channel.queueDelete(queue);
      }
    }
  }

  /** The machine's RabbitMQ; the test is skipped without it, unless CI=true, where it fails. */
  private static com.rabbitmq.client.Connection newConnection(ConnectionFactory factory)
      throws Exception {
    try {
      return factory.newConnection("paynotify-bench-test");
    } catch (Exception e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(
            "RabbitMQ is not usable (" + e + "); CI=true, so a missing broker fails the build", e);
      }
      Assumptions.abort(
          "RabbitMQ is not usable (" + e + "); skipped (set CI=true to fail instead)");
      throw e;
    }
  }
}
