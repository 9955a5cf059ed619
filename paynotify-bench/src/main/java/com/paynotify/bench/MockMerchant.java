package com.paynotify.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A merchant endpoint that acknowledges every callback at once and notes when each notify id first
 * arrived, which is all a delivery benchmark needs from it.
 */
final class MockMerchant implements AutoCloseable {
  private final HttpServer server;
  private final ConcurrentHashMap<String, Instant> firstArrival = new ConcurrentHashMap<>();

  MockMerchant() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
    server.createContext(
        "/notify",
        exchange -> {
          var id = exchange.getRequestHeaders().getFirst("webhook-id");
          exchange.getRequestBody().readAllBytes();
          if (id != null) {
            firstArrival.putIfAbsent(id, Instant.now());
          }
          var body = "success".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
  }

  Map<String, Instant> arrivals() {
    return firstArrival;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
