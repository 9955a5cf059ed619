package com.paynotify.server;

import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's RabbitMQ ({@code PAYNOTIFY_TEST_RABBITMQ_HOST}, default {@code 127.0.0.1:5672},
 * guest/guest). A test that needs it is skipped when it is not running, unless {@code CI=true},
 * where it fails, as {@code TestDatabases} does for database servers.
 */
final class LocalRabbit {
  static final String HOST =
      System.getenv().getOrDefault("PAYNOTIFY_TEST_RABBITMQ_HOST", "127.0.0.1");
  static final int PORT = 5672;

  private LocalRabbit() {}

  static String addresses() {
    return HOST + ":" + PORT;
  }

  /** Returns when the broker takes a connection; skips or fails the calling test otherwise. */
  static void require() {
    var factory = new ConnectionFactory();
    factory.setHost(HOST);
    factory.setPort(PORT);
    factory.setConnectionTimeout(3_000);
    try (var connection = factory.newConnection("paynotify-test-probe")) {
      return;
    } catch (Exception e) {
      var message = "RabbitMQ at " + addresses() + " is not usable (" + e + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(
            message + ". CI=true, so a missing broker fails the build.", e);
      }
      System.err.println("SKIPPED: " + message);
      Assumptions.abort(message + "; skipped (set CI=true to fail instead)");
    }
  }
}
