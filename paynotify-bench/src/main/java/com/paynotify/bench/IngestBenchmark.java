package com.paynotify.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Notification creates taken from a broker against the same creates through the HTTP API, in one
 * run on one server: N creates through {@code POST /api/v1/notifications} from concurrent clients,
 * then N messages of the same JSON published to each broker asked for, each measured from the first
 * create or publish to the last signed callback acknowledged at the mock merchant.
 *
 * <p>RabbitMQ is the machine's broker ({@code PAYNOTIFY_BENCH_RABBITMQ_HOST}, default 127.0.0.1,
 * port 5672, guest/guest) with a fresh queue, removed afterwards; Kafka is an embedded KRaft broker
 * in this JVM. The server runs as its own process ({@link ServerProcess}) with the shipped
 * ingestion settings unless {@code --ingest-concurrency} or {@code --prefetch} say otherwise. See
 * {@link Options} for the arguments.
 */
public final class IngestBenchmark {
  private static final String TOKEN = "bench-token";
  private static final String RABBIT_HOST =
      System.getenv().getOrDefault("PAYNOTIFY_BENCH_RABBITMQ_HOST", "127.0.0.1");

  /** A broker the server takes creates from. */
  enum Source {
    RABBITMQ,
    KAFKA;

    /** {@code rabbitmq}, {@code kafka} or both, comma-separated, in the order given. */
    static List<Source> parse(String names) {
      var sources = new ArrayList<Source>();
      for (var name : names.split(",")) {
        var source =
            switch (name.strip().toLowerCase(Locale.ROOT)) {
              case "rabbitmq" -> RABBITMQ;
              case "kafka" -> KAFKA;
              default ->
                  throw new IllegalArgumentException(
                      "--ingest: '"
                          + name.strip()
                          + "' is not a broker; use rabbitmq, kafka or rabbitmq,kafka");
            };
        if (!sources.contains(source)) {
          sources.add(source);
        }
      }
      return sources;
    }
  }

  /**
   * The benchmark's settings, each from {@code --name value}.
   *
   * @param database {@code postgres} (default) or {@code h2}
   * @param sources {@code --ingest}: the brokers, default {@code rabbitmq,kafka}
   * @param notifications creates per path (API and each broker), default 5,000
   * @param clients concurrent API clients, default 32
   * @param warmup creates per path before the measured ones, default 500
   * @param concurrency the server's consumers per broker (and the topic's partitions); 0 keeps the
   *     default, 1
   * @param prefetch the server's RabbitMQ prefetch; 0 keeps the default, twice the batch size
   */
  record Options(
      String database,
      List<Source> sources,
      int notifications,
      int clients,
      int warmup,
      int concurrency,
      int prefetch,
      Path serverJar,
      boolean keep) {

    static Options parse(String[] args) {
      var database = arg(args, "--database", "postgres");
      if (!database.equals("postgres") && !database.equals("h2")) {
        throw new IllegalArgumentException("--database: '" + database + "'; use postgres or h2");
      }
      return new Options(
          database,
          Source.parse(arg(args, "--ingest", "rabbitmq,kafka")),
          Integer.parseInt(arg(args, "--notifications", "5000")),
          Integer.parseInt(arg(args, "--clients", "32")),
          Integer.parseInt(arg(args, "--warmup", "500")),
          Integer.parseInt(arg(args, "--ingest-concurrency", "0")),
          Integer.parseInt(arg(args, "--prefetch", "0")),
          Path.of(arg(args, "--server-jar", "paynotify-server/target/paynotify-server-exec.jar")),
          List.of(args).contains("--keep"));
    }

    private static String arg(String[] args, String name, String fallback) {
      for (int i = 0; i + 1 < args.length; i++) {
        if (args[i].equals(name)) {
          return args[i + 1];
        }
      }
      return fallback;
    }
  }

  /**
   * One path's run: creates asked, callbacks acknowledged, and from the first create to the last
   * callback.
   */
  record Rate(int asked, int delivered, Duration elapsed) {
    double perSecond() {
      return delivered / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  /**
   * Hands {@code count} create bodies to the server by one path; returns once all were handed over.
   */
  @FunctionalInterface
  interface Route {
    void create(String prefix, int count) throws Exception;
  }

  private final Options options;
  private final MockMerchant merchant;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private @Nullable ServerProcess server;

  private IngestBenchmark(Options options, MockMerchant merchant) {
    this.options = options;
    this.merchant = merchant;
  }

  public static void main(String[] args) throws Exception {
    var options = Options.parse(args);
    var database = options.database().equals("h2") ? BenchDatabase.h2() : BenchDatabase.postgres();
    var runDir = Files.createTempDirectory("paynotify-ingest");
    var queue = "paynotify-bench-" + Long.toHexString(System.nanoTime());
    var topic = queue;
    EmbeddedKafkaKraftBroker kafka = null;
    KafkaPublisher producer = null;
    var rabbit = new ConnectionFactory();
    rabbit.setHost(RABBIT_HOST);
    rabbit.setConnectionTimeout(5_000);
    System.out.println(
        "== "
            + database.description()
            + ", brokers "
            + options.sources()
            + ", queue and topic "
            + queue
            + "; server logs in "
            + runDir);
    try (var merchant = new MockMerchant()) {
      var arguments =
          new ArrayList<>(
              List.of(
                  "--paynotify.api-token=" + TOKEN,
                  "--paynotify.delivery.allowed-networks=127.0.0.0/8"));
      arguments.addAll(database.serverArguments());
      if (database instanceof BenchDatabase.Postgres) {
        arguments.add("--paynotify.data-dir=" + runDir.resolve("data"));
      }
      if (options.sources().contains(Source.RABBITMQ)) {
        arguments.addAll(
            List.of(
                "--paynotify.ingest.rabbitmq.addresses=" + RABBIT_HOST + ":5672",
                "--paynotify.ingest.rabbitmq.queue=" + queue));
        if (options.concurrency() > 0) {
          arguments.add("--paynotify.ingest.rabbitmq.concurrency=" + options.concurrency());
        }
        if (options.prefetch() > 0) {
          arguments.add("--paynotify.ingest.rabbitmq.prefetch=" + options.prefetch());
        }
      }
      if (options.sources().contains(Source.KAFKA)) {
        kafka =
            new EmbeddedKafkaKraftBroker(
                1, Math.max(1, options.concurrency()), topic, topic + ".dlt");
        kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
        kafka.afterPropertiesSet();
        arguments.addAll(
            List.of(
                "--paynotify.ingest.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--paynotify.ingest.kafka.topic=" + topic));
        if (options.concurrency() > 0) {
          arguments.add("--paynotify.ingest.kafka.concurrency=" + options.concurrency());
        }
      }
      var bench = new IngestBenchmark(options, merchant);
      bench.server = ServerProcess.start(options.serverJar(), arguments, runDir, "server");
      try {
        bench.post("/api/v1/merchants", "{\"id\":\"bench\",\"name\":\"Bench\"}");
        var paths = new LinkedHashMap<String, Route>();
        paths.put("HTTP API (" + options.clients() + " clients)", bench::viaApi);
        for (var source : options.sources()) {
          if (source == Source.RABBITMQ) {
            paths.put(
                "RabbitMQ (machine's broker, fresh queue)",
                (prefix, count) ->
                    RabbitPublisher.publish(rabbit, queue, bench.bodies(prefix, count)));
          } else {
            producer = new KafkaPublisher(kafka.getBrokersAsString(), topic, bench);
            paths.put("Kafka (embedded KRaft in the bench JVM)", producer::publish);
          }
        }
        var rates = new LinkedHashMap<String, Rate>();
        for (var path : paths.entrySet()) {
          var prefix = "I" + rates.size() + "-";
          bench.measure(path.getValue(), prefix + "W-", options.warmup());
          var rate = bench.measure(path.getValue(), prefix, options.notifications());
          System.out.printf(
              "%s: %d of %d delivered in %.2f s: %.0f/s%n",
              path.getKey(),
              rate.delivered(),
              rate.asked(),
              rate.elapsed().toNanos() / 1e9,
              rate.perSecond());
          rates.put(path.getKey(), rate);
        }
        System.out.print(summary(options, database, rates));
      } finally {
        bench.server.close();
      }
    } finally {
      if (producer != null) {
        producer.close();
      }
      if (kafka != null) {
        kafka.destroy();
      }
      if (options.sources().contains(Source.RABBITMQ)) {
        RabbitPublisher.delete(rabbit, queue, queue + ".dlq");
      }
      database.drop();
      if (!options.keep()) {
        try (var files = Files.walk(runDir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** The run of one path: from handing over the first create to the last callback acknowledged. */
  private Rate measure(Route path, String prefix, int count) throws Exception {
    merchant.arrivals().clear();
    var start = Instant.now();
    path.create(prefix, count);
    // Each notification id arrives once in the map; only this phase's notifications are
    // outstanding.
    var deadline = Instant.now().plus(Duration.ofSeconds(60 + count / 50));
    while (merchant.arrivals().size() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    var last =
        merchant.arrivals().values().stream()
            .max(java.util.Comparator.naturalOrder())
            .orElse(Instant.now());
    int delivered = merchant.arrivals().size();
    if (delivered < count) {
      System.out.printf(
          "  %d of %d callbacks had not arrived in time; see the server log%n",
          count - delivered, count);
    }
    return new Rate(count, delivered, Duration.between(start, last));
  }

  /** The create bodies of one phase: order numbers {@code prefix0 ...}, as the API takes them. */
  List<String> bodies(String prefix, int count) {
    var bodies = new ArrayList<String>(count);
    for (int i = 0; i < count; i++) {
      bodies.add(HotPathBenchmark.notification(prefix + i, merchant.url()));
    }
    return bodies;
  }

  private void viaApi(String prefix, int count) throws InterruptedException {
    var next = new AtomicInteger();
    var failures = new AtomicInteger();
    var first = new AtomicReference<String>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < options.clients(); c++) {
        pool.execute(
            () -> {
              int i;
              while ((i = next.getAndIncrement()) < count) {
                try {
                  post(
                      "/api/v1/notifications",
                      HotPathBenchmark.notification(prefix + i, merchant.url()));
                } catch (RuntimeException e) {
                  failures.incrementAndGet();
                  first.compareAndSet(null, e.getMessage());
                }
              }
            });
      }
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(
          failures.get() + " of " + count + " creates failed; the first: " + first.get());
    }
  }

  private void post(String path, String json) {
    var request =
        HttpRequest.newBuilder(URI.create(server.url + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            "POST " + path + " answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("POST " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String summary(Options options, BenchDatabase database, Map<String, Rate> rates) {
    var out = new StringBuilder();
    var line = "=".repeat(100);
    var api = rates.values().iterator().next();
    out.append(line).append('\n');
    out.append(
        "Paynotify ingestion on %s, %d notifications per path, %d cores, consumers per broker %s%n"
            .formatted(
                database instanceof BenchDatabase.H2 ? "embedded H2" : "PostgreSQL",
                options.notifications(),
                Runtime.getRuntime().availableProcessors(),
                options.concurrency() > 0 ? options.concurrency() : "1 (default)"));
    out.append(
        "from the first create or publish to the last signed callback acknowledged at the mock merchant\n");
    out.append(line).append('\n');
    rates.forEach(
        (path, rate) ->
            out.append(
                "%-42s %7.0f/s  %5.2f × API  (%d of %d acked, %.2f s)%n"
                    .formatted(
                        path,
                        rate.perSecond(),
                        rate.perSecond() / api.perSecond(),
                        rate.delivered(),
                        rate.asked(),
                        rate.elapsed().toNanos() / 1e9)));
    out.append(line).append('\n');
    return out.toString();
  }

  /**
   * Publishes to the default exchange with the queue as routing key, persistent, confirmed by the
   * broker.
   */
  static final class RabbitPublisher {
    private RabbitPublisher() {}

    static void publish(ConnectionFactory factory, String queue, List<String> bodies)
        throws Exception {
      var properties =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .deliveryMode(2)
              .build();
      try (var connection = factory.newConnection("paynotify-bench");
          var channel = connection.createChannel()) {
        // The server declared the queue on start; passive, so a mismatch in its arguments cannot
        // fail here.
        channel.queueDeclarePassive(queue);
        channel.confirmSelect();
        for (var body : bodies) {
          channel.basicPublish("", queue, properties, body.getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(60_000);
      }
    }

    static void delete(ConnectionFactory factory, String... queues) {
      try (var connection = factory.newConnection("paynotify-bench");
          var channel = connection.createChannel()) {
        for (var queue : queues) {
          channel.queueDelete(queue);
        }
      } catch (Exception e) {
        System.err.println("could not delete the bench queues " + List.of(queues) + ": " + e);
      }
    }
  }

  /**
   * Publishes keyed by merchant and order number, as the README advises, with acks=all, flushed at
   * the end.
   */
  private static final class KafkaPublisher implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final IngestBenchmark bench;

    KafkaPublisher(String bootstrapServers, String topic, IngestBenchmark bench) {
      this.producer =
          new KafkaProducer<>(
              Map.of(
                  "bootstrap.servers",
                  bootstrapServers,
                  "acks",
                  "all",
                  "key.serializer",
                  StringSerializer.class,
                  "value.serializer",
                  StringSerializer.class,
                  "linger.ms",
                  5));
      this.topic = topic;
      this.bench = bench;
    }

    void publish(String prefix, int count) throws Exception {
      var failure = new AtomicReference<@Nullable Exception>();
      var bodies = bench.bodies(prefix, count);
      for (int i = 0; i < count; i++) {
        producer.send(
            new ProducerRecord<>(topic, "bench:" + prefix + i, bodies.get(i)),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
      if (failure.get() != null) {
        throw new IllegalStateException("Kafka refused a create: " + failure.get(), failure.get());
      }
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
