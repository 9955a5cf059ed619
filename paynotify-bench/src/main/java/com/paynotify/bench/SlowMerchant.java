package com.paynotify.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WEBHOOK merchant that acknowledges every callback after a random delay, a few of them slowly,
 * and records every request in {@link OpenRequests} from its arrival until its answer is written:
 * the delays keep requests open long enough for a second copy to meet the first if one is ever
 * sent.
 */
final class SlowMerchant implements AutoCloseable {
  private final HttpServer server;
  private final OpenRequests open = new OpenRequests();

  /**
   * @param slowShare the share of answers that take {@code slow} instead of 5-200 ms
   * @param slow the slow answers' delay; keep it under the policy's timeout, or a timed-out attempt
   *     still open here would meet its own retry
   */
  SlowMerchant(double slowShare, Duration slow) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
    server.createContext(
        "/notify",
        exchange -> {
          var id = exchange.getRequestHeaders().getFirst("webhook-id");
          if (id == null) {
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
          }
          var ticket = open.arrive(id, Instant.now());
          boolean acknowledged = false;
          try {
            exchange.getRequestBody().readAllBytes();
            var random = ThreadLocalRandom.current();
            long delay =
                random.nextDouble() < slowShare
                    ? slow.toMillis() / 2 + random.nextLong(slow.toMillis() / 2 + 1)
                    : 5 + random.nextLong(196);
            Thread.sleep(delay);
            var body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
              out.write(body);
            }
            acknowledged = true;
          } catch (IOException e) {
            // The sender went away (a node killed mid-attempt): the request ends unanswered.
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            open.answered(ticket, Instant.now(), acknowledged);
            exchange.close();
          }
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
  }

  OpenRequests requests() {
    return open;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
