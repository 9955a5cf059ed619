package com.paynotify.client;

import com.paynotify.server.PaynotifyApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The real Paynotify server run as a process of its own, from this module's test classpath, on H2
 * and a free port, as a payment platform's client meets it: only over HTTP. Deliveries may go to
 * 127.0.0.0/8; the {@value #QUICK_POLICY} policy retries after 1 s.
 */
final class ServerProcess implements AutoCloseable {
  static final String TOKEN = "client-test-token-7f3a9c";
  static final String QUICK_POLICY = "quick";
  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);

  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server and waits until it is healthy. */
  static ServerProcess start(Path dataDir) throws IOException, InterruptedException {
    int port = freePort();
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var log = dataDir.resolve("server.log");
    var command =
        Stream.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                PaynotifyApplication.class.getName(),
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--paynotify.api-token=" + TOKEN,
                "--paynotify.data-dir=" + dataDir,
                "--paynotify.delivery.allowed-networks=127.0.0.0/8",
                "--paynotify.delivery.poll-interval=100ms",
                "--paynotify.policies." + QUICK_POLICY + ".intervals=1s,1s",
                "--paynotify.policies." + QUICK_POLICY + ".timeout=5s",
                "--spring.datasource.url=jdbc:h2:mem:client_"
                    + System.nanoTime()
                    + ";DB_CLOSE_DELAY=-1")
            .toList();
    var process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    var server = new ServerProcess(process, port);
    var http = HttpClient.newHttpClient();
    // Generous: on a loaded 2-core machine a cold start of the server has taken over a minute.
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited: " + Files.readString(log));
      }
      try {
        var health =
            http.send(
                HttpRequest.newBuilder(server.uri().resolve("/actuator/health")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) {
          return server;
        }
      } catch (IOException notYetListening) {
        // Starting up.
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "the server did not start within " + STARTUP_LIMIT + ": " + Files.readString(log));
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A client of this server with its admin token, retrying quickly. */
  PaynotifyClient client() {
    return PaynotifyClient.builder(uri())
        .token(TOKEN)
        .backoff(new Backoff(2, Duration.ofMillis(50), Duration.ofMillis(200)))
        .build();
  }

  /**
   * Registers a merchant as an operator would, outside the client (which is for payment platforms).
   */
  void registerMerchant(String id) throws IOException, InterruptedException {
    var answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri().resolve("/api/v1/merchants"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"id\":\"" + id + "\",\"name\":\"Client test shop\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) {
      throw new IllegalStateException(
          "registering " + id + ": " + answer.statusCode() + " " + answer.body());
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
