package com.paynotify.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's retries against a scripted local HTTP server: 503 and connection failures are tried
 * again on the backoff schedule with the same request, Idempotency-Key included; other errors are
 * not.
 */
class RetryTest {
  private static final String TOKEN = "pn_retry_test_secret";
  private static final Backoff QUICK = new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(40));
  private static final String UNAVAILABLE =
      """
      {"type":"https://github.com/paynotify/paynotify/blob/main/docs/errors.md#store-unavailable",\
      "title":"The store is unavailable","status":503,"detail":"try again","error":"STORE_UNAVAILABLE",\
      "message":"try again","field":null}""";
  private static final String CREATED =
      """
      {"id":"n-1","merchantId":"shop","channel":"WEBHOOK","orderNo":"O-1","transactionId":null,\
      "paymentStatus":"SUCCESS","amount":"100.00","refundAmount":null,"currency":"CNY",\
      "notifyUrl":"https://shop.example/notify","extra":{},"retryPolicy":"standard","idempotencyKey":"k-1",\
      "status":"PENDING","attempts":0,"maxAttempts":6,"nextAttemptAt":"2026-01-01T00:00:00Z",\
      "lastHttpStatus":null,"lastResponse":null,"lastError":null,"createdAt":"2026-01-01T00:00:00Z",\
      "updatedAt":"2026-01-01T00:00:00Z","completedAt":null,"abandonReason":null,"history":null,"newField":1}""";

  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aCreateAnswered503IsSentAgainWithTheSameIdempotencyKeyUntilCreated() {
    server.answer(503, UNAVAILABLE).answer(503, UNAVAILABLE).answer(201, CREATED);
    var client = PaynotifyClient.builder(server.uri()).token(TOKEN).backoff(QUICK).build();

    var outcome = client.create(event().withIdempotencyKey("k-1"));

    assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
    assertThat(outcome.notification().id()).isEqualTo("n-1");
    assertThat(outcome.notification().amount()).isEqualByComparingTo("100.00");
    assertThat(server.received).hasSize(3);
    assertThat(server.received).extracting(Received::idempotencyKey).containsOnly("\"k-1\"");
    assertThat(server.received).extracting(Received::authorization).containsOnly("Bearer " + TOKEN);
    assertThat(server.received)
        .extracting(Received::body)
        .containsOnly(server.received.getFirst().body());
    assertThat(server.received.getFirst().body())
        .contains("\"amount\":\"100.00\"")
        .doesNotContain("idempotencyKey");
  }

  @Test
  void givesUpAfterTheLastRetryWithTheProblemOfTheLast503() {
    for (int i = 0; i < 4; i++) {
      server.answer(503, UNAVAILABLE);
    }
    var client = PaynotifyClient.builder(server.uri()).token(TOKEN).backoff(QUICK).build();

    assertThatThrownBy(() -> client.create(event()))
        .isInstanceOfSatisfying(
            PaynotifyClientException.Unavailable.class,
            e -> {
              assertThat(e.problem().error()).isEqualTo("STORE_UNAVAILABLE");
              assertThat(e.problem().detail()).isEqualTo("try again");
            })
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    assertThat(server.received).hasSize(1 + QUICK.maxRetries());
  }

  @Test
  void anErrorOtherThan503IsNotRetried() {
    server.answer(
        422,
        """
        {"status":422,"error":"INVALID_VALUE","detail":"amount: must be positive","field":"amount"}""");
    var client = PaynotifyClient.builder(server.uri()).token(TOKEN).backoff(QUICK).build();

    assertThatThrownBy(() -> client.create(event()))
        .isInstanceOfSatisfying(
            PaynotifyClientException.InvalidRequest.class,
            e -> assertThat(e.problem().field()).isEqualTo("amount"));
    assertThat(server.received).hasSize(1);
  }

  @Test
  void aServerThatCannotBeReachedIsTriedOnTheScheduleThenReportedUnreachable() throws IOException {
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var client =
        PaynotifyClient.builder(URI.create("http://127.0.0.1:" + closedPort))
            .token(TOKEN)
            .backoff(QUICK)
            .build();

    assertThatThrownBy(client::meta)
        .isInstanceOf(PaynotifyClientException.Unreachable.class)
        .hasMessageContaining("4 tries")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }

  @Test
  void aRequestThatTimesOutIsRetriedForACreateButNotForAnAbandon() {
    server.hang(Duration.ofMillis(500)).answer(201, CREATED);
    var client =
        PaynotifyClient.builder(server.uri())
            .token(TOKEN)
            .backoff(QUICK)
            .requestTimeout(Duration.ofMillis(200))
            .build();

    var outcome = client.create(event());

    assertThat(outcome.notification().id()).isEqualTo("n-1");
    server.hang(Duration.ofMillis(500)).answer(200, CREATED);
    assertThatThrownBy(() -> client.abandon("n-1", "cancelled"))
        .isInstanceOf(PaynotifyClientException.Unreachable.class)
        .hasMessageContaining("1 try");
  }

  @Test
  void theBackoffDoublesUpToItsCap() {
    var backoff = new Backoff(5, Duration.ofMillis(100), Duration.ofMillis(350));

    assertThat(List.of(backoff.delay(1), backoff.delay(2), backoff.delay(3), backoff.delay(4)))
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(350),
            Duration.ofMillis(350));
  }

  private static NewNotification event() {
    return NewNotification.of(
        "shop",
        Channel.WEBHOOK,
        "O-1",
        PaymentStatus.SUCCESS,
        new BigDecimal("100.00"),
        "CNY",
        "https://shop.example/notify");
  }

  record Received(String authorization, String idempotencyKey, String body) {}

  /**
   * A JDK HTTP server answering each request with the next scripted answer, recording what it got.
   */
  static final class ScriptedServer implements AutoCloseable {
    private record Scripted(int status, String body, Duration delay) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final HttpServer http;

    ScriptedServer() {
      try {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      http.createContext(
          "/",
          exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(
                new Received(
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    body));
            Scripted next;
            synchronized (script) {
              next = script.isEmpty() ? new Scripted(500, "{}", Duration.ZERO) : script.poll();
            }
            try {
              Thread.sleep(next.delay());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            var bytes = next.body().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set(
                    "Content-Type",
                    next.status() >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(next.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      http.start();
    }

    ScriptedServer answer(int status, String body) {
      synchronized (script) {
        script.add(new Scripted(status, body, Duration.ZERO));
      }
      return this;
    }

    /** The next request is answered only after {@code delay}, past the client's timeout. */
    ScriptedServer hang(Duration delay) {
      synchronized (script) {
        script.add(new Scripted(500, "{}", delay));
      }
      return this;
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}
