package com.paynotify.receiver.spring.shop;

import com.paynotify.server.PaynotifyApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Paynotify server, started once per test JVM on H2 and a free port, and a small client of
 * its API. Deliveries may go to 127.0.0.0/8; the {@value #QUICK_POLICY} policy retries after 1 s.
 */
final class PaynotifyServer {
  static final String TOKEN = "starter-test-token";
  static final String QUICK_POLICY = "quick";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static PaynotifyServer shared;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  /** An answer: status and JSON body (an empty object when there is none). */
  record Answer(int status, JsonNode json, String body) {
    String text(String field) {
      var value = json.get(field);
      return value == null || value.isNull() ? null : value.asString();
    }
  }

  private PaynotifyServer(ConfigurableApplicationContext context) {
    base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** The server of this JVM, started at the first call and stopped when the JVM ends. */
  static synchronized PaynotifyServer shared() {
    if (shared == null) {
      var context =
          SpringApplication.run(
              PaynotifyApplication.class,
              "--server.port=0",
              "--spring.main.banner-mode=off",
              "--logging.level.root=WARN",
              "--paynotify.api-token=" + TOKEN,
              "--paynotify.delivery.allowed-networks=127.0.0.0/8",
              "--paynotify.delivery.poll-interval=100ms",
              "--paynotify.policies." + QUICK_POLICY + ".intervals=1s,1s,1s",
              "--paynotify.policies." + QUICK_POLICY + ".timeout=10s",
              "--paynotify.data-dir=target/paynotify-data",
              "--spring.datasource.url=jdbc:h2:mem:starter_"
                  + System.nanoTime()
                  + ";DB_CLOSE_DELAY=-1");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> SpringApplication.exit(context)));
      shared = new PaynotifyServer(context);
    }
    return shared;
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Answer post(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Answer put(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Polls the notification until the condition holds or 15 s pass; returns the last answer. */
  Answer awaitNotification(String id, Predicate<Answer> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    var answer = get("/api/v1/notifications/" + id);
    while (!condition.test(answer) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      answer = get("/api/v1/notifications/" + id);
    }
    return answer;
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      var response =
          http.send(
              request.header("Authorization", "Bearer " + TOKEN).build(),
              HttpResponse.BodyHandlers.ofString());
      var body = response.body();
      var json =
          body.startsWith("{") || body.startsWith("[")
              ? JSON.readTree(body)
              : JSON.createObjectNode();
      return new Answer(response.statusCode(), json, body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
