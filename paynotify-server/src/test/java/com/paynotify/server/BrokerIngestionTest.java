package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.Lifecycle;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Notification creates from Kafka (an embedded KRaft broker) and RabbitMQ (the machine's broker)
 * end to end, on PostgreSQL behind a proxy that can cut the database off: a message becomes a
 * notification that is delivered over real HTTP, a repeated message no second one, a bad message a
 * dead-lettered copy with its reason and no retry, and a database outage a pause that loses
 * nothing.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "paynotify.ingest.kafka.topic=" + BrokerIngestionTest.TOPIC,
      "paynotify.ingest.retry-initial=200ms",
      "paynotify.ingest.retry-max=1s",
      "paynotify.events.kafka.topic=" + BrokerIngestionTest.OUTCOMES,
      "paynotify.events.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "paynotify.events.poll-interval=200ms",
      // An outage shows within a second instead of Hikari's default 30.
      "spring.datasource.hikari.connection-timeout=1000",
      "spring.datasource.hikari.validation-timeout=500"
    })
@EmbeddedKafka(
    partitions = 1,
    topics = {
      BrokerIngestionTest.TOPIC,
      BrokerIngestionTest.TOPIC + ".dlt",
      BrokerIngestionTest.OUTCOMES
    },
    bootstrapServersProperty = "paynotify.ingest.kafka.bootstrap-servers",
    // The listener's group is assigned its partition at once, not after the 3 s a group usually
    // waits for members.
    brokerProperties = "group.initial.rebalance.delay.ms=0")
@DirtiesContext
class BrokerIngestionTest {
  static final String TOPIC = "payments";
  static final String QUEUE = "paynotify-test-" + UUID.randomUUID().toString().substring(0, 8);
  static final String OUTCOMES = "outcomes";
  static final String EXCHANGE = QUEUE + ".outcomes";

  /** Dropped when the JVM exits, after Spring has closed the context that uses it. */
  private static TestDatabase database;

  private static TcpProxy proxy;
  private static CachingConnectionFactory rabbitConnections;

  @LocalServerPort int port;
  @Autowired EmbeddedKafkaBroker kafka;
  @Autowired MeterRegistry meters;
  @Autowired ConcurrentMessageListenerContainer<byte[], byte[]> ingestKafkaContainer;
  @Autowired SimpleMessageListenerContainer ingestRabbitContainer;
  private final FakeMerchant merchant = FakeMerchant.start();
  private Api api;
  private String merchantId;
  private KafkaProducer<String, String> producer;
  private RabbitTemplate rabbit;

  @BeforeAll
  static void brokersAndDatabase() {
    LocalRabbit.require();
    database = TestDatabases.postgres();
    var target = URI.create(database.jdbcUrl().substring("jdbc:".length()));
    proxy = TcpProxy.to(target.getHost(), target.getPort());
    rabbitConnections = new CachingConnectionFactory(LocalRabbit.HOST, LocalRabbit.PORT);
    // A queue of the outcomes, as a payment system would bind one.
    try (var connection = rabbitConnections.createConnection();
        var channel = connection.createChannel(false)) {
      channel.exchangeDeclare(EXCHANGE, "topic", true);
      channel.queueDeclare(EXCHANGE, true, false, false, null);
      channel.queueBind(EXCHANGE, EXCHANGE, "notification.#");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name());
    registry.add("spring.datasource.username", () -> database.username());
    registry.add("spring.datasource.password", () -> database.password());
    registry.add("paynotify.ingest.rabbitmq.addresses", LocalRabbit::addresses);
    registry.add("paynotify.ingest.rabbitmq.queue", () -> QUEUE);
    registry.add("paynotify.events.rabbitmq.addresses", LocalRabbit::addresses);
    registry.add("paynotify.events.rabbitmq.exchange", () -> EXCHANGE);
  }

  @AfterAll
  static void removeQueues() {
    try (var connection = rabbitConnections.createConnection();
        var channel = connection.createChannel(false)) {
      channel.queueDelete(QUEUE);
      channel.queueDelete(QUEUE + ".dlq");
      channel.queueDelete(EXCHANGE);
      channel.exchangeDelete(EXCHANGE);
    } catch (Exception e) {
      // The broker deletes nothing else; a leftover test queue is harmless.
    }
    rabbitConnections.destroy();
    proxy.close();
  }

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
                .status())
        .isEqualTo(201);
    producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                kafka.getBrokersAsString(),
                "acks",
                "all",
                "key.serializer",
                StringSerializer.class,
                "value.serializer",
                StringSerializer.class));
    rabbit = new RabbitTemplate(rabbitConnections);
  }

  @AfterEach
  void close() {
    producer.close();
    merchant.close();
  }

  private String body(String orderNo, String status) {
    return """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"%s",
         "amount":"100.00","currency":"CNY","notifyUrl":"%s","extra":{"from":"broker"}}"""
        .formatted(merchantId, orderNo, status, merchant.url("/notify"));
  }

  /**
   * Publishes as a payment platform would: keyed (Kafka) or routed (RabbitMQ) by merchant and
   * order.
   */
  private void publish(String source, String orderNo, String body) {
    publish(source, orderNo, null, body);
  }

  /** Publishes with a {@code paynotify-type} header, none when {@code type} is null. */
  private void publish(String source, String orderNo, @Nullable String type, String body) {
    var key = merchantId + ":" + orderNo;
    switch (source) {
      case "kafka" -> {
        var record = new ProducerRecord<>(TOPIC, key, body);
        if (type != null) {
          record.headers().add("paynotify-type", type.getBytes(StandardCharsets.UTF_8));
        }
        try {
          producer.send(record).get();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      case "rabbitmq" -> {
        var message =
            MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
                .setContentType("application/json")
                .setHeader("key", key);
        if (type != null) {
          message.setHeader("paynotify-type", type);
        }
        rabbit.send("", QUEUE, message.build());
      }
      default -> throw new IllegalArgumentException(source);
    }
  }

  private String paymentBody(String paymentId, String orderNo) {
    return """
        {"paymentId":"%s","merchantId":"%s","orderNo":"%s","channel":"WEBHOOK","amount":"100.00",
         "currency":"CNY","notifyUrl":"%s"}"""
        .formatted(paymentId, merchantId, orderNo, merchant.url("/notify"));
  }

  private String moveBody(String paymentId, String status) {
    return """
        {"paymentId":"%s","merchantId":"%s","status":"%s"}"""
        .formatted(paymentId, merchantId, status);
  }

  private long endOffset(TopicPartition partition) {
    try (var admin = AdminClient.create(Map.of("bootstrap.servers", kafka.getBrokersAsString()))) {
      return admin
          .listOffsets(Map.of(partition, OffsetSpec.latest()))
          .partitionResult(partition)
          .get()
          .offset();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Api.Answer paymentOf(String paymentId) {
    return api.get("/api/v1/payments/" + paymentId + "?merchantId=" + merchantId);
  }

  private List<String> historyOf(String paymentId) {
    var statuses = new ArrayList<String>();
    paymentOf(paymentId).json().get("history").forEach(c -> statuses.add(c.get("to").asString()));
    return statuses;
  }

  record DeadLetter(String body, Map<String, String> headers) {}

  /**
   * The dead-lettered copies whose body contains the marker, waiting up to 10 s for {@code count}.
   */
  private List<DeadLetter> deadLetters(String source, String marker, int count) {
    var found = new ArrayList<DeadLetter>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    if (source.equals("kafka")) {
      try (var consumer =
          new KafkaConsumer<String, String>(
              Map.of(
                  "bootstrap.servers",
                  kafka.getBrokersAsString(),
                  "key.deserializer",
                  StringDeserializer.class,
                  "value.deserializer",
                  StringDeserializer.class))) {
        // Assigned, not subscribed: no group to join, so reading starts at once.
        var partition = new TopicPartition(TOPIC + ".dlt", 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        while (found.size() < count && System.nanoTime() < deadline) {
          for (var record : consumer.poll(Duration.ofMillis(200))) {
            if (record.value() != null && record.value().contains(marker)) {
              var headers = new HashMap<String, String>();
              record
                  .headers()
                  .forEach(
                      h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
              found.add(new DeadLetter(record.value(), headers));
            }
          }
        }
      }
    } else {
      while (found.size() < count && System.nanoTime() < deadline) {
        var message = rabbit.receive(QUEUE + ".dlq", 200);
        if (message != null
            && new String(message.getBody(), StandardCharsets.UTF_8).contains(marker)) {
          var headers = new HashMap<String, String>();
          message
              .getMessageProperties()
              .getHeaders()
              .forEach((k, v) -> headers.put(k, String.valueOf(v)));
          found.add(new DeadLetter(new String(message.getBody(), StandardCharsets.UTF_8), headers));
        }
      }
    }
    return found;
  }

  /**
   * Publishes while the source's consumer is stopped, so that the messages wait and come as one
   * batch.
   */
  private void asOneBatch(String source, Runnable publishing) {
    Lifecycle consumer = source.equals("kafka") ? ingestKafkaContainer : ingestRabbitContainer;
    consumer.stop();
    try {
      publishing.run();
    } finally {
      consumer.start();
    }
  }

  /** Calls of the store's create, each one transaction, whatever their outcome. */
  private long storeCreates() {
    return meters.find("paynotify.store.calls").tag("operation", "create").timers().stream()
        .mapToLong(io.micrometer.core.instrument.Timer::count)
        .sum();
  }

  private double count(String source, String outcome) {
    var counter =
        meters
            .find("paynotify.ingest.messages")
            .tag("source", source)
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private Api.Answer notificationsOf(String orderNo) {
    return api.get("/api/v1/notifications?merchantId=" + merchantId + "&orderNo=" + orderNo);
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      sleep(50);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void aMessageBecomesANotificationThatIsDeliveredAndARepeatBecomesNoSecond(String source) {
    var existingBefore = count(source, "existing");

    publish(source, "B-1", body("B-1", "SUCCESS"));
    publish(source, "B-1", body("B-1", "SUCCESS"));

    var received = merchant.awaitRequests(1, Duration.ofSeconds(15));
    assertThat(received).hasSize(1);
    assertThat(received.getFirst().bodyText())
        .contains("\"orderNo\":\"B-1\"", "\"from\":\"broker\"");
    await(
        "the repeat is taken",
        Duration.ofSeconds(10),
        () -> count(source, "existing") >= existingBefore + 1);
    var found = notificationsOf("B-1");
    assertThat(found.json().get("total").asInt()).isEqualTo(1);
    var id = found.json().get("items").get(0).get("id").asString();
    await(
        "delivered",
        Duration.ofSeconds(10),
        () -> "SUCCEEDED".equals(api.get("/api/v1/notifications/" + id).text("status")));
    assertThat(merchant.received()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void badMessagesAreDeadLetteredOnceWithTheirReason(String source) {
    var marker = UUID.randomUUID().toString();
    var deadLetteredBefore = count(source, "dead-lettered");
    var unavailableBefore = count(source, "unavailable");
    // The first with this idempotency key stands; the second reuses it with another amount.
    publish(
        source,
        "K-1",
        body("K-1", "SUCCESS")
            .replace("\"amount\"", "\"idempotencyKey\":\"" + marker + "\",\"amount\""));

    publish(source, "X", "{\"merchantId\": \"" + marker);
    publish(
        source,
        "X",
        body("M-1", "SUCCESS")
            .replace("\"currency\":\"CNY\",", "\"extra\":{\"note\":\"" + marker + "\"},"));
    publish(source, "X", body("U-1", "SUCCESS").replace(merchantId, "nobody-" + marker));
    publish(
        source,
        "K-1",
        body("K-1", "SUCCESS")
            .replace(
                "\"amount\":\"100.00\"",
                "\"idempotencyKey\":\"" + marker + "\",\"amount\":\"99.00\""));
    publish(
        source,
        "X",
        body("N-1", "SUCCESS")
            .replace("\"currency\":\"CNY\",", "\"currency\":\"CNY\",\"note\":\"" + marker + "\","));

    var dead = deadLetters(source, marker, 5);
    assertThat(dead)
        .extracting(d -> d.headers().get("paynotify-error"))
        .containsExactly(
            "MALFORMED_REQUEST", "MISSING_FIELD", "INVALID_VALUE", "CONFLICT", "UNKNOWN_FIELD");
    assertThat(dead.get(4).headers()).containsEntry("paynotify-error-field", "note");
    assertThat(dead.get(1).headers())
        .containsEntry("paynotify-error-field", "currency")
        .containsEntry("paynotify-error-message", "currency: is required");
    assertThat(dead.get(2).headers()).containsEntry("paynotify-error-field", "merchantId");
    assertThat(dead.get(2).headers().get("paynotify-error-message"))
        .startsWith("merchantId: unknown merchant");
    assertThat(dead.get(0).headers()).doesNotContainKey("paynotify-error-field");
    assertThat(dead.get(0).body()).isEqualTo("{\"merchantId\": \"" + marker);
    assertThat(dead.get(0).headers())
        .containsKey(
            source.equals("kafka") ? "paynotify-original-topic" : "paynotify-original-queue");
    // Tried once each: no retry, no second copy, and the good one stands alone.
    sleep(500);
    assertThat(count(source, "dead-lettered")).isEqualTo(deadLetteredBefore + 5);
    assertThat(count(source, "unavailable")).isEqualTo(unavailableBefore);
    assertThat(notificationsOf("K-1").json().get("items").get(0).get("amount").asString())
        .isEqualTo("100.00");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void oneOrdersEventsAreCreatedInTheOrderTheyArrived(String source) {
    var statuses = List.of("SUCCESS", "REFUNDED", "FAILED", "CANCELLED", "TIMEOUT");
    for (var status : statuses) {
      publish(source, "SEQ-1", body("SEQ-1", status));
    }

    // Delivery keeps the order of creation (the dispatcher's guarantee); ingestion must create in
    // arrival order.
    await(
        "all created",
        Duration.ofSeconds(10),
        () -> notificationsOf("SEQ-1").json().get("total").asInt() == statuses.size());
    assertThat(statusesInCreationOrder("SEQ-1")).containsExactlyElementsOf(statuses);
  }

  /**
   * The order's payment statuses oldest first: the list is newest first, by creation time and then
   * insertion.
   */
  private List<String> statusesInCreationOrder(String orderNo) {
    var statuses = new ArrayList<String>();
    notificationsOf(orderNo)
        .json()
        .get("items")
        .forEach(item -> statuses.addFirst(item.get("paymentStatus").asString()));
    return statuses;
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void aDatabaseOutagePausesConsumptionAndItResumesWithoutLoss(String source) {
    var unavailableBefore = count(source, "unavailable");
    var deadLetteredBefore = count(source, "dead-lettered");
    proxy.cut();
    try {
      publish(source, "D-1", body("D-1", "SUCCESS"));
      publish(source, "D-2", body("D-2", "SUCCESS"));
      await(
          "the outage is met",
          Duration.ofSeconds(10),
          () -> count(source, "unavailable") > unavailableBefore);
      // A try that meets the outage waits out the pool's connection timeout first, so on a busy
      // machine the second one may end after more than the 2 s below: wait for it, then 2 s more.
      await(
          "a second try",
          Duration.ofSeconds(10),
          () -> count(source, "unavailable") - unavailableBefore >= 2);
      sleep(2_000);
    } finally {
      proxy.restore();
    }
    // 200 ms doubling to 1 s, each try up to the 1 s connection timeout: a few tries, not a spin.
    assertThat(count(source, "unavailable") - unavailableBefore).isBetween(2.0, 8.0);
    assertThat(count(source, "dead-lettered")).isEqualTo(deadLetteredBefore);

    // Two orders: delivered side by side, in either order.
    var received = merchant.awaitRequests(2, Duration.ofSeconds(20));
    assertThat(received)
        .extracting(r -> r.bodyText().replaceAll("(?s).*\"orderNo\":\"([^\"]+)\".*", "$1"))
        .containsExactlyInAnyOrder("D-1", "D-2");
    assertThat(notificationsOf("D-1").json().get("total").asInt()).isEqualTo(1);
    assertThat(notificationsOf("D-2").json().get("total").asInt()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void aBatchWithAPoisonMessageAmongGoodOnesCreatesTheGoodOnesInOneGoAndDeadLettersThePoisonOnce(
      String source) {
    var marker = UUID.randomUUID().toString();
    var createdBefore = count(source, "created");
    var existingBefore = count(source, "existing");
    var deadLetteredBefore = count(source, "dead-lettered");
    var storeCreatesBefore = storeCreates();
    int good = 20;

    // given twenty good messages with a malformed one in their middle, waiting together
    asOneBatch(
        source,
        () -> {
          for (int i = 0; i < good; i++) {
            if (i == good / 2) {
              publish(source, "P", "{\"merchantId\": \"" + marker);
            }
            publish(source, "BATCH-" + i, body("BATCH-" + i, "SUCCESS"));
          }
        });

    // then the good ones are created, in a few transactions rather than one each
    await(
        "the good ones created",
        Duration.ofSeconds(15),
        () -> count(source, "created") >= createdBefore + good);
    for (int i = 0; i < good; i++) {
      assertThat(notificationsOf("BATCH-" + i).json().get("total").asInt())
          .as("BATCH-" + i)
          .isEqualTo(1);
    }
    assertThat(storeCreates() - storeCreatesBefore)
        .as("store creates for %d messages", good + 1)
        .isLessThanOrEqualTo(5);
    // and the poison one is dead-lettered once with its reason, and nothing comes again
    var dead = deadLetters(source, marker, 1);
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> assertThat(d.headers()).containsEntry("paynotify-error", "MALFORMED_REQUEST"));
    sleep(1_000);
    assertThat(count(source, "dead-lettered")).isEqualTo(deadLetteredBefore + 1);
    assertThat(count(source, "created")).isEqualTo(createdBefore + good);
    assertThat(count(source, "existing")).as("redelivered").isEqualTo(existingBefore);
    assertThat(deadLetters(source, marker, 2))
        .as("copies of the poison message")
        .hasSize(source.equals("kafka") ? 1 : 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void aBatchThatMeetsADatabaseOutageIsHeldAndThenCreatedWholeInArrivalOrder(String source) {
    // Distinct: one order's repeated status would be the same event, found again rather than
    // created.
    var statuses = List.of("SUCCESS", "REFUNDED", "FAILED", "CANCELLED", "TIMEOUT");
    var unavailableBefore = count(source, "unavailable");
    var deadLetteredBefore = count(source, "dead-lettered");
    var createdBefore = count(source, "created");
    proxy.cut();
    try {
      // given one order's events, with others between them, waiting as one batch while the database
      // is down
      asOneBatch(
          source,
          () -> {
            for (int i = 0; i < statuses.size(); i++) {
              publish(source, "HELD-1", body("HELD-1", statuses.get(i)));
              publish(source, "HELD-OTHER-" + i, body("HELD-OTHER-" + i, "SUCCESS"));
            }
          });
      await(
          "the outage is met",
          Duration.ofSeconds(10),
          () -> count(source, "unavailable") > unavailableBefore);
      sleep(1_500);
    } finally {
      proxy.restore();
    }

    // then, once it is back, every message is created once, one order's events in arrival order
    await(
        "all created",
        Duration.ofSeconds(20),
        () -> count(source, "created") >= createdBefore + 2 * statuses.size());
    assertThat(statusesInCreationOrder("HELD-1")).containsExactlyElementsOf(statuses);
    for (int i = 0; i < statuses.size(); i++) {
      assertThat(notificationsOf("HELD-OTHER-" + i).json().get("total").asInt()).isEqualTo(1);
    }
    // and none was dead-lettered for the outage
    assertThat(count(source, "dead-lettered")).isEqualTo(deadLetteredBefore);
    assertThat(count(source, "created")).isEqualTo(createdBefore + 2 * statuses.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void
      givenAPaymentAndItsMovesInOneBatchWithACreateBetweenThemWhenTakenThenEachIsAppliedInArrivalOrderAndNotified(
          String source) {
    var createdBefore = count(source, "created");
    // given a payment record, its moves and another order's create between them, keyed by order
    asOneBatch(
        source,
        () -> {
          publish(source, "PO-1", "payment", paymentBody("pay-1", "PO-1"));
          publish(source, "PN-1", body("PN-1", "SUCCESS"));
          publish(source, "PO-1", "payment-status", moveBody("pay-1", "SUCCESS"));
          publish(source, "PO-1", "payment-status", moveBody("pay-1", "REFUNDING"));
          publish(source, "PO-1", "payment-status", moveBody("pay-1", "REFUNDED"));
        });

    // then the payment went through every move in turn
    await("all taken", Duration.ofSeconds(15), () -> count(source, "created") >= createdBefore + 5);
    assertThat(historyOf("pay-1"))
        .containsExactly("PROCESSING", "SUCCESS", "REFUNDING", "REFUNDED");
    assertThat(paymentOf("pay-1").text("refundedAmount")).isEqualTo("100.00");
    // and its notified statuses became notifications, delivered in that order, beside the create
    assertThat(statusesInCreationOrder("PO-1")).containsExactly("SUCCESS", "REFUNDED");
    var received = merchant.awaitRequests(3, Duration.ofSeconds(20));
    assertThat(received)
        .filteredOn(r -> r.bodyText().contains("\"orderNo\":\"PO-1\""))
        .extracting(r -> r.bodyText().replaceAll("(?s).*\"paymentStatus\":\"([^\"]+)\".*", "$1"))
        .containsExactly("SUCCESS", "REFUNDED");
    assertThat(notificationsOf("PN-1").json().get("total").asInt()).isEqualTo(1);
    assertThat(count(source, "created")).isEqualTo(createdBefore + 5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void badPaymentMessagesAreDeadLetteredOnceWithTheirReason(String source) {
    var marker = UUID.randomUUID().toString().substring(0, 8);
    var deadLetteredBefore = count(source, "dead-lettered");
    var failed = "pay-f-" + marker;
    publish(source, "PF-1", "payment", paymentBody(failed, "PF-1"));
    publish(source, "PF-1", "payment-status", moveBody(failed, "FAILED"));

    // an illegal move, a move without its payment, one of no such payment, a record of an unknown
    // merchant, and a kind that does not exist
    publish(
        source,
        "PF-1",
        "payment-status",
        moveBody(failed, "SUCCESS").replace("}", ",\"reason\":\"" + marker + "\"}"));
    publish(
        source,
        "PF-1",
        "payment-status",
        moveBody(failed, "SUCCESS")
            .replace("\"paymentId\":\"" + failed + "\",", "\"reason\":\"" + marker + "\","));
    publish(source, "PF-2", "payment-status", moveBody("nothing-" + marker, "SUCCESS"));
    publish(
        source,
        "PF-3",
        "payment",
        paymentBody("pay-u-" + marker, "PF-3").replace(merchantId, "nobody-" + marker));
    publish(source, "PF-4", "refund", paymentBody("pay-r-" + marker, "PF-4"));

    var dead = deadLetters(source, marker, 5);
    assertThat(dead)
        .extracting(d -> d.headers().get("paynotify-error"))
        .containsExactly(
            "CONFLICT", "MISSING_FIELD", "NOT_FOUND", "INVALID_VALUE", "INVALID_VALUE");
    assertThat(dead.get(0).headers().get("paynotify-error-message"))
        .contains("is FAILED", "cannot move to SUCCESS");
    assertThat(dead.get(1).headers()).containsEntry("paynotify-error-field", "paymentId");
    assertThat(dead.get(3).headers()).containsEntry("paynotify-error-field", "merchantId");
    assertThat(dead.get(4).headers()).containsEntry("paynotify-error-field", "paynotify-type");
    assertThat(dead.get(4).headers().get("paynotify-error-message")).contains("'refund'");
    // the copy keeps its kind, so it can be sent again as it was once fixed
    assertThat(dead.get(0).headers()).containsEntry("paynotify-type", "payment-status");
    sleep(500);
    assertThat(count(source, "dead-lettered")).isEqualTo(deadLetteredBefore + 5);
    assertThat(paymentOf(failed).text("status")).isEqualTo("FAILED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void aPaymentBatchDeliveredAgainAfterThePaymentMovedOnIsTakenAsTheRepeatItIs(String source) {
    // given a payment recorded, paid and refunding, its messages taken
    var batch =
        List.of(
            List.of("payment", paymentBody("pay-2", "PR-1")),
            List.of("payment-status", moveBody("pay-2", "SUCCESS")),
            List.of("payment-status", moveBody("pay-2", "REFUNDING")));
    var partition = new TopicPartition(TOPIC, 0);
    long first = source.equals("kafka") ? endOffset(partition) : 0;
    batch.forEach(m -> publish(source, "PR-1", m.get(0), m.get(1)));
    await(
        "refunding",
        Duration.ofSeconds(15),
        () -> "REFUNDING".equals(paymentOf("pay-2").text("status")));
    var existingBefore = count(source, "existing");
    var deadLetteredBefore = count(source, "dead-lettered");

    // when the same messages come again, as after a kill -9 between the commit and the
    // acknowledgement (Kafka: the group's offset set back to the first of them, so the very records
    // are redelivered; RabbitMQ: the same messages again): SUCCESS now meets a REFUNDING payment
    if (source.equals("kafka")) {
      ingestKafkaContainer.stop();
      try (var admin =
          AdminClient.create(Map.of("bootstrap.servers", kafka.getBrokersAsString()))) {
        admin
            .alterConsumerGroupOffsets("paynotify", Map.of(partition, new OffsetAndMetadata(first)))
            .all()
            .get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        ingestKafkaContainer.start();
      }
    } else {
      asOneBatch(source, () -> batch.forEach(m -> publish(source, "PR-1", m.get(0), m.get(1))));
    }

    // then each is the repeat it is: nothing dead-lettered, moved or notified again
    await(
        "the repeats taken",
        Duration.ofSeconds(15),
        () -> count(source, "existing") >= existingBefore + 3);
    sleep(300);
    assertThat(count(source, "dead-lettered")).isEqualTo(deadLetteredBefore);
    assertThat(historyOf("pay-2")).containsExactly("PROCESSING", "SUCCESS", "REFUNDING");
    assertThat(notificationsOf("PR-1").json().get("total").asInt()).isEqualTo(1);
    // and the API answers the stale SUCCESS the same way, while a contradiction stays refused
    var stale =
        api.put(
            "/api/v1/payments/pay-2/status",
            moveBody("pay-2", "SUCCESS").replace("\"paymentId\":\"pay-2\",", ""));
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.text("status")).isEqualTo("REFUNDING");
    assertThat(
            api.put(
                    "/api/v1/payments/pay-2/status",
                    moveBody("pay-2", "FAILED").replace("\"paymentId\":\"pay-2\",", ""))
                .status())
        .isEqualTo(409);
  }

  @Test
  void aPartialRefundRedeliveredFromKafkaIsTheRefundItMadeAndOneUnderItsIdempotencyKeyIsMadeOnce() {
    // given a payment paid, refunding and partly refunded (30 of 100) from its Kafka records
    var partition = new TopicPartition(TOPIC, 0);
    publish("kafka", "PK-1", "payment", paymentBody("pay-k", "PK-1"));
    publish("kafka", "PK-1", "payment-status", moveBody("pay-k", "SUCCESS"));
    publish("kafka", "PK-1", "payment-status", moveBody("pay-k", "REFUNDING"));
    long refund = endOffset(partition);
    publish("kafka", "PK-1", "payment-status", refundBody("pay-k", "30.00"));
    await(
        "the refund",
        Duration.ofSeconds(15),
        () -> "30.00".equals(paymentOf("pay-k").text("refundedAmount")));
    var existingBefore = count("kafka", "existing");

    // when the refund's record comes again, as after a kill -9 before the commit: the group's
    // offset set back to it, while the payment is still refundable by 30
    ingestKafkaContainer.stop();
    try (var admin = AdminClient.create(Map.of("bootstrap.servers", kafka.getBrokersAsString()))) {
      admin
          .alterConsumerGroupOffsets("paynotify", Map.of(partition, new OffsetAndMetadata(refund)))
          .all()
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      ingestKafkaContainer.start();
    }
    await(
        "the repeat taken",
        Duration.ofSeconds(15),
        () -> count("kafka", "existing") >= existingBefore + 1);

    // then its coordinates, its key, tell it: refunded once, notified once
    assertThat(paymentOf("pay-k").text("refundedAmount")).isEqualTo("30.00");
    assertThat(paymentOf("pay-k").json().at("/history/3/idempotencyKey").asString())
        .isEqualTo("kafka:" + TOPIC + ":0:" + refund);

    // and a producer's resend, a new record under the same Idempotency-Key header, is made once
    publishKeyed("kafka", "PK-1", refundBody("pay-k", "20.00"), "refund-2", null);
    publishKeyed("kafka", "PK-1", refundBody("pay-k", "20.00"), "refund-2", null);
    await(
        "the resend taken",
        Duration.ofSeconds(15),
        () -> count("kafka", "existing") >= existingBefore + 2);
    assertThat(paymentOf("pay-k").text("refundedAmount")).isEqualTo("50.00");
    assertThat(historyOf("pay-k"))
        .containsExactly("PROCESSING", "SUCCESS", "REFUNDING", "REFUNDED", "REFUNDED");
    assertThat(statusesInCreationOrder("PK-1")).containsExactly("SUCCESS", "REFUNDED", "REFUNDED");
  }

  @Test
  void aPartialRefundRedeliveredFromRabbitMqIsMadeOnceByItsMessageId() {
    // given a payment paid and refunding from its RabbitMQ messages
    publish("rabbitmq", "PQ-1", "payment", paymentBody("pay-q", "PQ-1"));
    publish("rabbitmq", "PQ-1", "payment-status", moveBody("pay-q", "SUCCESS"));
    publish("rabbitmq", "PQ-1", "payment-status", moveBody("pay-q", "REFUNDING"));
    await(
        "refunding",
        Duration.ofSeconds(15),
        () -> "REFUNDING".equals(paymentOf("pay-q").text("status")));
    var existingBefore = count("rabbitmq", "existing");

    // when a partial refund comes twice with one message-id, as a redelivery does
    publishKeyed("rabbitmq", "PQ-1", refundBody("pay-q", "30.00"), null, "msg-refund-1");
    publishKeyed("rabbitmq", "PQ-1", refundBody("pay-q", "30.00"), null, "msg-refund-1");
    await(
        "the repeat taken",
        Duration.ofSeconds(15),
        () -> count("rabbitmq", "existing") >= existingBefore + 1);

    // then it refunds once, and the message-id is the move's key
    assertThat(paymentOf("pay-q").text("refundedAmount")).isEqualTo("30.00");
    assertThat(paymentOf("pay-q").json().at("/history/3/idempotencyKey").asString())
        .isEqualTo("msg-refund-1");
    assertThat(historyOf("pay-q"))
        .containsExactly("PROCESSING", "SUCCESS", "REFUNDING", "REFUNDED");
  }

  private String refundBody(String paymentId, String amount) {
    return """
        {"paymentId":"%s","merchantId":"%s","status":"REFUNDED","refundAmount":"%s"}"""
        .formatted(paymentId, merchantId, amount);
  }

  /** Publishes a status update with an Idempotency-Key header and (RabbitMQ) a message-id. */
  private void publishKeyed(
      String source,
      String orderNo,
      String body,
      @Nullable String idempotencyKey,
      @Nullable String messageId) {
    var key = merchantId + ":" + orderNo;
    if (source.equals("kafka")) {
      var record = new ProducerRecord<>(TOPIC, key, body);
      record.headers().add("paynotify-type", "payment-status".getBytes(StandardCharsets.UTF_8));
      if (idempotencyKey != null) {
        record.headers().add("Idempotency-Key", idempotencyKey.getBytes(StandardCharsets.UTF_8));
      }
      try {
        producer.send(record).get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    } else {
      var message =
          MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
              .setContentType("application/json")
              .setHeader("key", key)
              .setHeader("paynotify-type", "payment-status");
      if (idempotencyKey != null) {
        message.setHeader("Idempotency-Key", idempotencyKey);
      }
      if (messageId != null) {
        message.setMessageId(messageId);
      }
      rabbit.send("", QUEUE, message.build());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"kafka", "rabbitmq"})
  void aPaymentBatchThatMeetsADatabaseOutageIsHeldAndThenAppliedWholeInArrivalOrder(String source) {
    var unavailableBefore = count(source, "unavailable");
    var deadLetteredBefore = count(source, "dead-lettered");
    proxy.cut();
    try {
      // given a payment's record and moves, with a create between them, waiting as one batch
      // while the database is down
      asOneBatch(
          source,
          () -> {
            publish(source, "PH-1", "payment", paymentBody("pay-h", "PH-1"));
            publish(source, "PH-1", "payment-status", moveBody("pay-h", "SUCCESS"));
            publish(source, "PH-2", body("PH-2", "SUCCESS"));
            publish(source, "PH-1", "payment-status", moveBody("pay-h", "REFUNDING"));
            publish(source, "PH-1", "payment-status", moveBody("pay-h", "REFUNDED"));
          });
      await(
          "the outage is met",
          Duration.ofSeconds(10),
          () -> count(source, "unavailable") > unavailableBefore);
      sleep(1_000);
    } finally {
      proxy.restore();
    }

    // then, once it is back, every move is applied once, in order, and none was dead-lettered
    await(
        "all applied",
        Duration.ofSeconds(20),
        () ->
            paymentOf("pay-h").status() == 200
                && "REFUNDED".equals(paymentOf("pay-h").text("status")));
    assertThat(historyOf("pay-h"))
        .containsExactly("PROCESSING", "SUCCESS", "REFUNDING", "REFUNDED");
    assertThat(statusesInCreationOrder("PH-1")).containsExactly("SUCCESS", "REFUNDED");
    await(
        "the create after the move",
        Duration.ofSeconds(10),
        () -> notificationsOf("PH-2").json().get("total").asInt() == 1);
    assertThat(count(source, "dead-lettered")).isEqualTo(deadLetteredBefore);
  }

  @Test
  void finalOutcomesArePublishedToKafkaAndRabbitMqFromTheOutbox() {
    var succeeded = api.post("/api/v1/notifications", body("E-1", "SUCCESS")).text("id");
    var failing = FakeMerchant.start().alwaysReply(FakeMerchant.Reply.status(500));
    try {
      var abandoned =
          api.post(
                  "/api/v1/notifications",
                  body("E-2", "SUCCESS").replace(merchant.url("/notify"), failing.url("/notify")))
              .text("id");
      // Abandoned once its first attempt is written, so the outcome carries that attempt.
      await(
          "the first attempt is written",
          Duration.ofSeconds(10),
          () -> "500".equals(api.get("/api/v1/notifications/" + abandoned).text("lastHttpStatus")));
      assertThat(
              api.post(
                      "/api/v1/notifications/" + abandoned + "/abandon",
                      "{\"reason\":\"shop closed\"}")
                  .status())
          .isEqualTo(200);

      var onKafka = outcomesOnKafka(Set.of(succeeded, abandoned));
      var onRabbit = outcomesOnRabbit(Set.of(succeeded, abandoned));

      for (var outcomes : List.of(onKafka, onRabbit)) {
        assertThat(outcomes.get(succeeded))
            .contains(
                "\"type\":\"notification.succeeded\"",
                "\"status\":\"SUCCEEDED\"",
                "\"merchantId\":\"" + merchantId + "\"",
                "\"orderNo\":\"E-1\"",
                "\"attempts\":1",
                "\"lastHttpStatus\":200");
        assertThat(outcomes.get(abandoned))
            .contains(
                "\"type\":\"notification.abandoned\"",
                "\"status\":\"ABANDONED\"",
                "\"abandonReason\":\"shop closed\"",
                "\"lastHttpStatus\":500");
      }
    } finally {
      failing.close();
    }
  }

  /** The outcome JSON by notification id, waiting up to 10 s for all of {@code ids}. */
  private Map<String, String> outcomesOnKafka(Set<String> ids) {
    var found = new HashMap<String, String>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (var consumer =
        new KafkaConsumer<String, String>(
            Map.of(
                "bootstrap.servers",
                kafka.getBrokersAsString(),
                "key.deserializer",
                StringDeserializer.class,
                "value.deserializer",
                StringDeserializer.class))) {
      var partition = new TopicPartition(OUTCOMES, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      while (!found.keySet().containsAll(ids) && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          ids.stream()
              .filter(record.value()::contains)
              .forEach(
                  id -> {
                    // Keyed by merchant and order, so one order's outcomes keep their order on one
                    // partition.
                    assertThat(record.key()).isIn(merchantId + ":E-1", merchantId + ":E-2");
                    found.put(id, record.value());
                  });
        }
      }
    }
    return found;
  }

  private Map<String, String> outcomesOnRabbit(Set<String> ids) {
    var found = new HashMap<String, String>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!found.keySet().containsAll(ids) && System.nanoTime() < deadline) {
      var message = rabbit.receive(EXCHANGE, 200);
      if (message != null) {
        var json = new String(message.getBody(), StandardCharsets.UTF_8);
        ids.stream().filter(json::contains).forEach(id -> found.put(id, json));
      }
    }
    return found;
  }
}
