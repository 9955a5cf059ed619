package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Kills the server with SIGKILL while it consumes a Kafka topic and a RabbitMQ queue, and starts it
 * again on the same database: every message becomes exactly one notification, none is lost, and in
 * the end every message is acknowledged (the queue is empty, the group's offset at the end).
 */
class BrokerIngestionCrashTest {
  private static final int PER_BROKER = 300;
  private static final String TOPIC = "crash-payments";
  private static final Duration PAUSE_PER_TEN = Duration.ofMillis(50);
  private final String queue = "paynotify-crash-" + UUID.randomUUID().toString().substring(0, 8);
  private final ServerProcesses servers;
  private final CountDownLatch killed = new CountDownLatch(1);
  private EmbeddedKafkaKraftBroker kafka;
  private CachingConnectionFactory rabbitConnections;

  BrokerIngestionCrashTest(@TempDir Path dataDir) throws IOException {
    this.servers = new ServerProcesses(dataDir);
  }

  @AfterEach
  void stopAll() {
    servers.close();
    if (rabbitConnections != null) {
      new RabbitAdmin(rabbitConnections).deleteQueue(queue);
      new RabbitAdmin(rabbitConnections).deleteQueue(queue + ".dlq");
      rabbitConnections.destroy();
    }
    if (kafka != null) {
      kafka.destroy();
    }
  }

  @Test
  void messagesCutByKillNineAreTakenOnceAfterARestart() throws Exception {
    LocalRabbit.require();
    rabbitConnections = new CachingConnectionFactory(LocalRabbit.HOST, LocalRabbit.PORT);
    kafka = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
    kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
    kafka.afterPropertiesSet();
    var api = servers.api();
    var first = start();
    // One merchant per broker, so each broker's notifications are counted apart.
    api.post("/api/v1/merchants", "{\"id\":\"kshop\",\"name\":\"Kafka Shop\"}");
    api.post("/api/v1/merchants", "{\"id\":\"rshop\",\"name\":\"Rabbit Shop\"}");

    // The messages arrive at a steady pace while the server takes them, so the kill lands with
    // some taken, some in flight (polled or delivered, not yet acknowledged) and some not yet sent:
    // the last tenth waits for the kill.
    var producing = Executors.newSingleThreadExecutor();
    var sent = producing.submit(this::sendAllAtAPace);
    awaitTotal(api, "kshop", 10, Duration.ofSeconds(60));
    awaitTotal(api, "rshop", 10, Duration.ofSeconds(60));
    long takenBeforeTheCrash = total(api, "kshop", null) + total(api, "rshop", null);
    first.destroyForcibly().waitFor();
    killed.countDown();
    start();
    sent.get(60, TimeUnit.SECONDS);
    producing.shutdown();

    awaitTotal(api, "kshop", PER_BROKER, Duration.ofSeconds(90));
    awaitTotal(api, "rshop", PER_BROKER, Duration.ofSeconds(90));
    assertThat(takenBeforeTheCrash).as("cut in the middle").isLessThan(2L * PER_BROKER);
    sleep(500);
    assertThat(total(api, "kshop", null)).isEqualTo(PER_BROKER);
    assertThat(total(api, "rshop", null)).isEqualTo(PER_BROKER);
    for (int i = 0; i < PER_BROKER; i += 13) {
      assertThat(total(api, "kshop", "O-" + i)).as("Kafka order O-" + i).isOne();
      assertThat(total(api, "rshop", "O-" + i)).as("RabbitMQ order O-" + i).isOne();
    }
    assertThat(new RabbitAdmin(rabbitConnections).getQueueInfo(queue).getMessageCount()).isZero();
    try (var admin = AdminClient.create(Map.of("bootstrap.servers", kafka.getBrokersAsString()))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      long committed = -1;
      while (committed != PER_BROKER && System.nanoTime() < deadline) {
        var offset =
            admin
                .listConsumerGroupOffsets("paynotify")
                .partitionsToOffsetAndMetadata()
                .get()
                .get(new TopicPartition(TOPIC, 0));
        committed = offset == null ? -1 : offset.offset();
        sleep(100);
      }
      assertThat(committed).as("the group's committed offset").isEqualTo(PER_BROKER);
    }
  }

  private Void sendAllAtAPace() throws Exception {
    var rabbit = new RabbitTemplate(rabbitConnections);
    try (var producer =
        new KafkaProducer<String, String>(
            Map.of(
                "bootstrap.servers",
                kafka.getBrokersAsString(),
                "acks",
                "all",
                "key.serializer",
                StringSerializer.class,
                "value.serializer",
                StringSerializer.class))) {
      for (int i = 0; i < PER_BROKER; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "kshop:O-" + i, notification("kshop", "O-" + i)));
        rabbit.send(
            "",
            queue,
            MessageBuilder.withBody(
                    notification("rshop", "O-" + i).getBytes(StandardCharsets.UTF_8))
                .build());
        if (i == PER_BROKER * 9 / 10) {
          killed.await();
        }
        if (i % 10 == 9) {
          producer.flush();
          Thread.sleep(PAUSE_PER_TEN.toMillis());
        }
      }
    }
    return null;
  }

  private static String notification(String merchantId, String orderNo) {
    return """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"10.00",
         "currency":"CNY","notifyUrl":"https://shop.example/notify"}"""
        .formatted(merchantId, orderNo);
  }

  /** The merchant's notifications, of one order or of all. */
  private static long total(Api api, String merchantId, @Nullable String orderNo) {
    var path =
        "/api/v1/notifications?size=1&merchantId="
            + merchantId
            + (orderNo == null ? "" : "&orderNo=" + orderNo);
    return api.get(path).json().get("total").asLong();
  }

  private static void awaitTotal(Api api, String merchantId, int atLeast, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long count = total(api, merchantId, null);
    while (count < atLeast && System.nanoTime() < deadline) {
      sleep(100);
      count = total(api, merchantId, null);
    }
    assertThat(count).as("notifications of " + merchantId).isGreaterThanOrEqualTo(atLeast);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Process start() throws IOException, InterruptedException {
    return servers.start(
        "--paynotify.delivery.enabled=false",
        "--paynotify.ingest.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
        "--paynotify.ingest.kafka.topic=" + TOPIC,
        "--paynotify.ingest.kafka.max-poll-records=20",
        "--paynotify.ingest.rabbitmq.batch-size=20",
        "--paynotify.ingest.rabbitmq.addresses=" + LocalRabbit.addresses(),
        "--paynotify.ingest.rabbitmq.queue=" + queue);
  }
}
