package com.paynotify.bench;

import com.paynotify.notification.DeliveryQueue;
import com.paynotify.server.PaynotifyApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Runs the server against a fresh PostgreSQL database and a local mock merchant, creates
 * notifications through the HTTP API as fast as a pool of clients can, and prints deliveries per
 * second and the create-to-first-attempt latency.
 *
 * <p>Then it stores a backlog of notifications all due at the same moment and measures how fast the
 * dispatcher drains it and how late each first attempt starts after its due time.
 *
 * <p>Arguments: {@code --notifications N} (default 20000), {@code --clients C} (default 32), {@code
 * --backlog B} (default 50000), {@code --h2} for the embedded default database instead of
 * PostgreSQL. Environment: {@code PAYNOTIFY_BENCH_POSTGRES_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}), {@code PAYNOTIFY_BENCH_POSTGRES_USER} (default {@code
 * postgres}).
 */
public final class DeliveryBenchmark {
  private static final Pattern ID = Pattern.compile("\"id\":\"(ntf_[0-9A-Z]+)\"");
  private static final Pattern CREATED_AT = Pattern.compile("\"createdAt\":\"([^\"]+)\"");
  private static final String TOKEN = "bench-token";

  private DeliveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int notifications = intArg(args, "--notifications", 20_000);
    int clients = intArg(args, "--clients", 32);
    int backlog = intArg(args, "--backlog", 50_000);
    var onH2 = args.length > 0 && List.of(args).contains("--h2");
    var database = onH2 ? BenchDatabase.h2() : BenchDatabase.postgres();
    try (var merchant = new MockMerchant()) {
      var arguments =
          new ArrayList<>(
              List.of(
                  "--server.port=0",
                  "--spring.main.banner-mode=off",
                  "--logging.level.root=WARN",
                  "--paynotify.api-token=" + TOKEN,
                  "--paynotify.delivery.allowed-networks=127.0.0.0/8",
                  "--paynotify.delivery.max-per-host=64"));
      arguments.addAll(database.serverArguments());
      var context =
          (WebServerApplicationContext)
              SpringApplication.run(PaynotifyApplication.class, arguments.toArray(String[]::new));
      try {
        System.out.println("database: " + database.description());
        var api = "http://127.0.0.1:" + context.getWebServer().getPort();
        run(api, merchant, notifications, clients);
        merchant.arrivals().clear();
        Backlog.drain(context.getBean(DeliveryQueue.class), merchant, backlog);
      } finally {
        SpringApplication.exit(context);
      }
    } finally {
      database.drop();
    }
  }

  private static void run(String api, MockMerchant merchant, int total, int clients)
      throws Exception {
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    post(http, api + "/api/v1/merchants", "{\"id\":\"bench\",\"name\":\"Bench\"}");
    warmUp(http, api, merchant);
    var created = new ConcurrentHashMap<String, Instant>();
    var slots = new Semaphore(clients);
    var start = Instant.now();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < total; i++) {
        slots.acquire();
        var orderNo = "B-" + i;
        pool.execute(
            () -> {
              try {
                var body =
                    post(
                        http, api + "/api/v1/notifications", notification(orderNo, merchant.url()));
                var id = ID.matcher(body);
                var at = CREATED_AT.matcher(body);
                if (id.find() && at.find()) {
                  created.put(id.group(1), Instant.parse(at.group(1)));
                }
              } finally {
                slots.release();
              }
            });
      }
    }
    var createdBy = Instant.now();
    var deadline = createdBy.plusSeconds(120);
    while (!merchant.arrivals().keySet().containsAll(created.keySet())
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    report(total, created, merchant.arrivals(), start, createdBy);
  }

  private static void warmUp(HttpClient http, String api, MockMerchant merchant)
      throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      post(http, api + "/api/v1/notifications", notification("WARM-" + i, merchant.url()));
    }
    while (merchant.arrivals().size() < 500) {
      Thread.sleep(20);
    }
    merchant.arrivals().clear();
  }

  static void report(
      int total,
      Map<String, Instant> created,
      Map<String, Instant> arrivals,
      Instant start,
      Instant createdBy) {
    var latencies = new ArrayList<Duration>();
    Instant last = start;
    for (var entry : created.entrySet()) {
      var arrived = arrivals.get(entry.getKey());
      if (arrived != null) {
        latencies.add(Duration.between(entry.getValue(), arrived));
        last = arrived.isAfter(last) ? arrived : last;
      }
    }
    var elapsed = Duration.between(start, last);
    System.out.printf(
        "notifications created: %d of %d in %.2f s (%.0f/s through the API)%n",
        created.size(),
        total,
        seconds(Duration.between(start, createdBy)),
        created.size() / seconds(Duration.between(start, createdBy)));
    System.out.printf("delivered:             %d in %.2f s%n", latencies.size(), seconds(elapsed));
    System.out.printf("deliveries/second:     %.0f%n", latencies.size() / seconds(elapsed));
    System.out.printf(
        "create-to-first-attempt latency: p50 %d ms, p99 %d ms, max %d ms%n",
        Percentiles.of(latencies, 50).toMillis(),
        Percentiles.of(latencies, 99).toMillis(),
        Percentiles.of(latencies, 100).toMillis());
  }

  static double seconds(Duration d) {
    return Math.max(d.toNanos(), 1) / 1e9;
  }

  private static String notification(String orderNo, String url) {
    return """
        {"merchantId":"bench","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"100.00",\
        "currency":"CNY","notifyUrl":"%s"}"""
        .formatted(orderNo, url);
  }

  private static String post(HttpClient http, String url, String json) {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            "POST " + url + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("POST " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
