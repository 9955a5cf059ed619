package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  private static final Duration LEASE = Duration.ofSeconds(20);
  private final FakeMerchant merchant = FakeMerchant.start();
  private final ServerProcesses servers;

  CrashRecoveryTest(@TempDir Path dataDir) throws IOException {
    this.servers = new ServerProcesses(dataDir);
  }

  @AfterEach
  void stopAll() {
    servers.close();
    merchant.close();
  }

  @Test
  void anAttemptCutByKillNineIsMadeAgainAfterARestart() throws Exception {
    var api = servers.api();
    var first = start();
    api.post("/api/v1/merchants", "{\"id\":\"shop\",\"name\":\"Shop\"}");
    merchant.thenReply(Reply.hang(Duration.ofSeconds(60)));
    var cut = api.post("/api/v1/notifications", notification("CRASH-1")).text("id");
    merchant.awaitRequests(1, Duration.ofSeconds(10));
    var accepted = new ArrayList<String>();
    for (int i = 0; i < 20; i++) {
      accepted.add(api.post("/api/v1/notifications", notification("AFTER-" + i)).text("id"));
    }

    first.destroyForcibly().waitFor();
    start();

    awaitSucceeded(api, cut, LEASE.plusSeconds(30));
    for (var id : accepted) {
      awaitSucceeded(api, id, Duration.ofSeconds(30));
    }
    var details = api.get("/api/v1/notifications/" + cut);
    assertThat(details.json().get("attempts").asInt())
        .as("the cut attempt was never counted")
        .isEqualTo(1);
    var deliveries =
        merchant.received().stream()
            .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
    assertThat(deliveries.get(cut)).as("sent before the crash and again after it").isEqualTo(2);
    assertThat(deliveries.keySet()).containsAll(accepted);
  }

  private String notification(String orderNo) {
    return """
        {"merchantId":"shop","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"10.00",
         "currency":"CNY","notifyUrl":"%s"}"""
        .formatted(orderNo, merchant.url("/notify"));
  }

  private Process start() throws IOException, InterruptedException {
    return servers.start(
        "--paynotify.delivery.allowed-networks=127.0.0.0/8",
        "--paynotify.delivery.lease=" + LEASE.toSeconds() + "s",
        "--paynotify.delivery.poll-interval=200ms");
  }

  private static void awaitSucceeded(Api api, String id, Duration timeout)
      throws InterruptedException {
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
}
