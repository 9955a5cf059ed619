package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server with SIGKILL in the middle of an attempt and starts it again on the same
 * database: nothing that was accepted is lost, and the cut attempt is made again once its lease
 * lapses.
 */
class CrashRecoveryTest {
  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);
  private static final Duration LEASE = Duration.ofSeconds(20);
  private final FakeMerchant merchant = FakeMerchant.start();
  private final List<Process> servers = new ArrayList<>();
  @TempDir Path dataDir;

  @AfterEach
  void stopAll() {
    servers.forEach(Process::destroyForcibly);
    merchant.close();
  }

  @Test
  void anAttemptCutByKillNineIsMadeAgainAfterARestart() throws Exception {
    int port = freePort();
    var api = new Api(port);
    var first = start(port);
    api.post("/api/v1/merchants", "{\"id\":\"shop\",\"name\":\"Shop\"}");
    merchant.thenReply(Reply.hang(Duration.ofSeconds(60)));
    var cut = api.post("/api/v1/notifications", notification("CRASH-1")).text("id");
    merchant.awaitRequests(1, Duration.ofSeconds(10));
    var accepted = new ArrayList<String>();
    for (int i = 0; i < 20; i++) {
      accepted.add(api.post("/api/v1/notifications", notification("AFTER-" + i)).text("id"));
    }

    first.destroyForcibly().waitFor();
    start(port);

    awaitSucceeded(api, cut, LEASE.plusSeconds(30));
    for (var id : accepted) {
      awaitSucceeded(api, id, Duration.ofSeconds(30));
    }
    var details = api.get("/api/v1/notifications/" + cut);
    assertThat(details.json().get("attempts").asInt()).as("the cut attempt was never counted").isEqualTo(1);
    var deliveries = merchant.received().stream().collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
    assertThat(deliveries.get(cut)).as("sent before the crash and again after it").isEqualTo(2);
    assertThat(deliveries.keySet()).containsAll(accepted);
  }

  private String notification(String orderNo) {
    return """
        {"merchantId":"shop","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"10.00",
         "currency":"CNY","notifyUrl":"%s"}""".formatted(orderNo, merchant.url("/notify"));
  }

  private Process start(int port) throws IOException, InterruptedException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var log = dataDir.resolve("server-" + servers.size() + ".log");
    var process = new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), PaynotifyApplication.class.getName(),
            "--server.port=" + port,
            "--paynotify.api-token=" + Api.TOKEN,
            "--paynotify.data-dir=" + dataDir,
            "--paynotify.delivery.allowed-networks=127.0.0.0/8",
            "--paynotify.delivery.lease=" + LEASE.toSeconds() + "s",
            "--paynotify.delivery.poll-interval=200ms")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    servers.add(process);
    var api = new Api(port);
    // Generous: on a loaded 2-core machine a cold start of the server has taken over a minute.
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited: " + Files.readString(log));
      }
      try {
        if (api.send(api.unauthenticated("/actuator/health").GET()).status() == 200) {
          return process;
        }
      } catch (IllegalStateException notYetListening) {
        // Starting up.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server did not start within " + STARTUP_LIMIT + ": " + Files.readString(log));
  }

  private static void awaitSucceeded(Api api, String id, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    var status = "";
    while (System.nanoTime() < deadline) {
      status = api.get("/api/v1/notifications/" + id).text("status");
      if ("SUCCEEDED".equals(status)) {
        return;
      }
      Thread.sleep(200);
    }
    assertThat(status).as("notification " + id).isEqualTo("SUCCEEDED");
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
