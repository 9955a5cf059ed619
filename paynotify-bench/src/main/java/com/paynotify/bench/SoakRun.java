package com.paynotify.bench;

import com.paynotify.server.PaynotifyApplication;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Delivery under failure: orders that each get a payment and then a refund event, sent to a
 * merchant that refuses the first attempt of every third notification, on a short retry schedule.
 * Checks that every notification ends SUCCEEDED, that no refund reached the merchant before its
 * payment was acknowledged, and counts the attempts it took.
 *
 * <p>Arguments: {@code --orders N} (default 5000), {@code --h2} for the embedded database.
 */
public final class SoakRun {
  private static final Pattern ID = Pattern.compile("\"id\":\"(ntf_[0-9A-Z]+)\"");
  private static final String TOKEN = "soak-token";

  private SoakRun() {}

  /**
   * One request the merchant got: which notification, for which order and event, and what it
   * answered.
   */
  record Arrival(String notifyId, String orderNo, String type, Instant at, int answered) {}

  public static void main(String[] args) throws Exception {
    int orders = 5000;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--orders")) {
        orders = Integer.parseInt(args[i + 1]);
      }
    }
    var database = List.of(args).contains("--h2") ? BenchDatabase.h2() : BenchDatabase.postgres();
    var arrivals = new CopyOnWriteArrayList<Arrival>();
    var seen = new ConcurrentHashMap<String, AtomicInteger>();
    var merchant = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
    var orderField = Pattern.compile("\"orderNo\":\"([^\"]+)\"");
    var typeField = Pattern.compile("\"type\":\"([^\"]+)\"");
    merchant.createContext(
        "/notify",
        exchange -> {
          var id = exchange.getRequestHeaders().getFirst("webhook-id");
          var body = new String(exchange.getRequestBody().readAllBytes());
          var n = seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
          boolean refuse = n == 1 && Math.floorMod(id.hashCode(), 3) == 0;
          var order = orderField.matcher(body);
          var type = typeField.matcher(body);
          arrivals.add(
              new Arrival(
                  id,
                  order.find() ? order.group(1) : "?",
                  type.find() ? type.group(1) : "?",
                  Instant.now(),
                  refuse ? 500 : 200));
          var reply = (refuse ? "busy" : "ok").getBytes();
          exchange.sendResponseHeaders(refuse ? 500 : 200, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    merchant.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    merchant.start();
    var url = "http://127.0.0.1:" + merchant.getAddress().getPort() + "/notify";
    var arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--paynotify.api-token=" + TOKEN,
                "--paynotify.delivery.allowed-networks=127.0.0.0/8",
                "--paynotify.delivery.max-per-host=64",
                "--paynotify.policies.soak.intervals=1s,1s,2s,2s,5s,10s"));
    arguments.addAll(database.serverArguments());
    var context =
        (WebServerApplicationContext)
            SpringApplication.run(PaynotifyApplication.class, arguments.toArray(String[]::new));
    try {
      System.out.println("database: " + database.description());
      var api = "http://127.0.0.1:" + context.getWebServer().getPort();
      run(api, url, orders, arrivals);
    } finally {
      SpringApplication.exit(context);
      merchant.stop(0);
      database.drop();
    }
  }

  private static void run(String api, String url, int orders, List<Arrival> arrivals)
      throws Exception {
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    send(http, "POST", api + "/api/v1/merchants", "{\"id\":\"soak\",\"name\":\"Soak\"}");
    var ids = ConcurrentHashMap.<String>newKeySet();
    var slots = new Semaphore(32);
    var start = Instant.now();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < orders; i++) {
        var orderNo = "S-" + i;
        slots.acquire();
        pool.execute(
            () -> {
              try {
                // The payment, then the refund once the payment is accepted: this is the order to
                // keep.
                for (var status : List.of("SUCCESS", "REFUNDED")) {
                  var answer =
                      send(
                          http,
                          "POST",
                          api + "/api/v1/notifications",
                          """
                  {"merchantId":"soak","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"%s","amount":"10.00",\
                  "currency":"CNY","notifyUrl":"%s","retryPolicy":"soak"}"""
                              .formatted(orderNo, status, url));
                  var id = ID.matcher(answer);
                  if (id.find()) {
                    ids.add(id.group(1));
                  }
                }
              } finally {
                slots.release();
              }
            });
      }
    }
    var deadline = Instant.now().plusSeconds(300);
    long succeeded = 0;
    while (Instant.now().isBefore(deadline)) {
      var stats =
          send(http, "GET", api + "/api/v1/stats?from=" + start.minusSeconds(60) + "", null);
      var m = Pattern.compile("\"SUCCEEDED\":(\\d+)").matcher(stats);
      succeeded = m.find() ? Long.parseLong(m.group(1)) : 0;
      if (succeeded >= ids.size()) {
        break;
      }
      Thread.sleep(500);
    }
    var elapsed = Duration.between(start, Instant.now());
    System.out.printf(
        "notifications: %d created, %d SUCCEEDED, in %.1f s%n",
        ids.size(), succeeded, elapsed.toMillis() / 1000.0);
    System.out.printf(
        "attempts seen by the merchant: %d (%d refused on purpose)%n",
        arrivals.size(), arrivals.stream().filter(a -> a.answered() != 200).count());
    System.out.printf(
        "refunds that arrived before their payment was acknowledged: %d%n",
        orderingViolations(arrivals));
  }

  private static long orderingViolations(List<Arrival> arrivals) {
    var paidAt = new ConcurrentHashMap<String, Instant>();
    for (var a : arrivals) {
      if (a.type().equals("payment.success") && a.answered() == 200) {
        paidAt.merge(a.orderNo(), a.at(), (x, y) -> x.isBefore(y) ? x : y);
      }
    }
    return arrivals.stream()
        .filter(a -> a.type().equals("payment.refunded"))
        .filter(a -> !paidAt.containsKey(a.orderNo()) || a.at().isBefore(paidAt.get(a.orderNo())))
        .count();
  }

  private static String send(HttpClient http, String method, String url, String json) {
    var request =
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
    if (json != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            method + " " + url + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
