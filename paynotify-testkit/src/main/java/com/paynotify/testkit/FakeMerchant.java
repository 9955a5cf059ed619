package com.paynotify.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A merchant's callback endpoint on a real local HTTP server: it answers from a script (then with
 * the default answer) and records every request it gets.
 */
public final class FakeMerchant implements AutoCloseable {
  private final HttpServer server;
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final CopyOnWriteArrayList<Received> received = new CopyOnWriteArrayList<>();
  private volatile Reply fallback = Reply.ok("success");

  private FakeMerchant(HttpServer server) {
    this.server = server;
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeMerchant start() {
    try {
      var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
      var merchant = new FakeMerchant(server);
      server.createContext("/", merchant::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return merchant;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake merchant", e);
    }
  }

  /** A URL on this merchant. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public URI uri(String path) {
    return URI.create(url(path));
  }

  /** Answers the next requests with these replies, in order. */
  public FakeMerchant thenReply(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** Answers every unscripted request with this reply. */
  public FakeMerchant alwaysReply(Reply reply) {
    this.fallback = reply;
    return this;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits up to {@code timeout} until at least {@code count} requests arrived. */
  public List<Received> awaitRequests(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return received();
  }

  private void handle(HttpExchange exchange) throws IOException {
    var headers = new TreeMap<String, String>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    var body = exchange.getRequestBody().readAllBytes();
    received.add(
        new Received(
            exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
    var reply = script.poll();
    if (reply == null) {
      reply = fallback;
    }
    if (!reply.delay().isZero()) {
      try {
        Thread.sleep(reply.delay());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    var bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    try {
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    } catch (IOException e) {
      // The client gave up (a timeout test): nothing to answer.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** One scripted answer. */
  public record Reply(int status, String body, Map<String, String> headers, Duration delay) {
    public static Reply ok(String body) {
      return new Reply(200, body, Map.of(), Duration.ZERO);
    }

    public static Reply status(int status) {
      return new Reply(status, "", Map.of(), Duration.ZERO);
    }

    public static Reply status(int status, String body) {
      return new Reply(status, body, Map.of(), Duration.ZERO);
    }

    /** Answers 200 only after {@code delay}: longer than the timeout, it is a hang. */
    public static Reply hang(Duration delay) {
      return new Reply(200, "success", Map.of(), delay);
    }

    public Reply withHeader(String name, String value) {
      var all = new TreeMap<>(headers);
      all.put(name, value);
      return new Reply(status, body, all, delay);
    }
  }

  /** One recorded request; header names are lower-case. */
  public record Received(String method, String path, Map<String, String> headers, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** All received bodies as text, for assertions. */
  public List<String> bodies() {
    var out = new ArrayList<String>();
    received.forEach(r -> out.add(r.bodyText()));
    return out;
  }
}
