package com.paynotify.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Callback;
import com.paynotify.delivery.Cidr;
import com.paynotify.delivery.Exchange;
import com.paynotify.delivery.NetworkPolicy;
import com.paynotify.notification.ErrorKind;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpClient5TransportTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Callback CALLBACK =
      new Callback(
          "application/json",
          Map.of("webhook-id", "ntf_1"),
          "{\"id\":\"ntf_1\"}".getBytes(StandardCharsets.UTF_8));

  private final FakeMerchant merchant = FakeMerchant.start();
  private final HttpClient5Transport loopbackAllowed =
      new HttpClient5Transport(NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))), 64, 8);

  @AfterEach
  void stop() {
    merchant.close();
    loopbackAllowed.close();
  }

  @Test
  void postsTheCallbackBodyAndHeaders() {
    var exchange = loopbackAllowed.send(merchant.uri("/notify"), CALLBACK, TIMEOUT);

    assertThat(exchange)
        .isInstanceOfSatisfying(
            Exchange.Answered.class,
            a -> {
              assertThat(a.status()).isEqualTo(200);
              assertThat(a.body()).isEqualTo("success");
            });
    var request = merchant.received().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/notify");
    assertThat(request.header("webhook-id")).isEqualTo("ntf_1");
    assertThat(request.header("content-type")).startsWith("application/json");
    assertThat(request.bodyText()).isEqualTo("{\"id\":\"ntf_1\"}");
  }

  @Test
  void aDeadlineThatFiresBeforeAConnectionIsHadIsATimeoutNotAnError() throws Exception {
    merchant.thenReply(Reply.hang(Duration.ofSeconds(3)));
    try (var onePerHost =
            new HttpClient5Transport(
                NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))), 1, 1);
        var background = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      background.submit(
          () -> onePerHost.send(merchant.uri("/notify"), CALLBACK, Duration.ofSeconds(5)));
      merchant.awaitRequests(1, Duration.ofSeconds(5));

      var exchange = onePerHost.send(merchant.uri("/notify"), CALLBACK, Duration.ofMillis(300));

      assertThat(exchange)
          .isInstanceOfSatisfying(
              Exchange.Failed.class,
              f -> {
                assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT);
                assertThat(f.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
              });
    }
  }

  @Test
  void returnsARedirectWithoutFollowingIt() {
    merchant.thenReply(Reply.status(302).withHeader("Location", merchant.url("/elsewhere")));

    var exchange = loopbackAllowed.send(merchant.uri("/notify"), CALLBACK, TIMEOUT);

    assertThat(exchange)
        .isInstanceOfSatisfying(
            Exchange.Answered.class, a -> assertThat(a.status()).isEqualTo(302));
    assertThat(merchant.received()).hasSize(1);
  }

  @Test
  void givesUpOnAHangingMerchantAtTheTimeout() {
    merchant.thenReply(Reply.hang(Duration.ofSeconds(5)));

    var exchange = loopbackAllowed.send(merchant.uri("/notify"), CALLBACK, Duration.ofSeconds(1));

    assertThat(exchange)
        .isInstanceOfSatisfying(
            Exchange.Failed.class,
            f -> {
              assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT);
              assertThat(f.duration()).isLessThan(Duration.ofSeconds(3));
            });
  }

  @Test
  void refusesALoopbackAddressThePolicyDoesNotOpen() {
    try (var publicOnly = new HttpClient5Transport(NetworkPolicy.publicOnly(), 8, 2)) {

      var exchange = publicOnly.send(merchant.uri("/notify"), CALLBACK, TIMEOUT);

      assertThat(exchange)
          .isInstanceOfSatisfying(
              Exchange.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(ErrorKind.BLOCKED_ADDRESS));
      assertThat(merchant.received()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[64:ff9b::7f00:1]",
        "[64:ff9b:1::a9fe:a9fe]",
        "[::ffff:0:7f00:1]",
        "[::2]",
        "[2002:7f00:1::1]"
      })
  void refusesAnIpv6LiteralThatCarriesANonPublicIpv4Address(String host) {
    try (var publicOnly = new HttpClient5Transport(NetworkPolicy.publicOnly(), 8, 2)) {

      var exchange =
          publicOnly.send(URI.create("http://" + host + ":8080/notify"), CALLBACK, TIMEOUT);

      assertThat(exchange)
          .isInstanceOfSatisfying(
              Exchange.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(ErrorKind.BLOCKED_ADDRESS));
    }
  }

  @Test
  void checksTheAddressANameResolvesToWhenDialling() {
    try (var publicOnly = new HttpClient5Transport(NetworkPolicy.publicOnly(), 8, 2)) {
      var byName = URI.create(merchant.url("/notify").replace("127.0.0.1", "localhost"));

      var exchange = publicOnly.send(byName, CALLBACK, TIMEOUT);

      assertThat(exchange)
          .isInstanceOfSatisfying(
              Exchange.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(ErrorKind.BLOCKED_ADDRESS));
      assertThat(merchant.received()).isEmpty();
    }
  }

  @Test
  void reportsARefusedConnection() throws Exception {
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    var exchange =
        loopbackAllowed.send(
            URI.create("http://127.0.0.1:" + closedPort + "/notify"), CALLBACK, TIMEOUT);

    assertThat(exchange)
        .isInstanceOfSatisfying(
            Exchange.Failed.class, f -> assertThat(f.kind()).isEqualTo(ErrorKind.CONNECT));
  }

  @Test
  void readsRetryAfterAndKeepsOnlyTheStartOfALongAnswer() {
    merchant.thenReply(Reply.status(503, "x".repeat(10_000)).withHeader("Retry-After", "120"));

    var exchange = loopbackAllowed.send(merchant.uri("/notify"), CALLBACK, TIMEOUT);

    assertThat(exchange)
        .isInstanceOfSatisfying(
            Exchange.Answered.class,
            a -> {
              assertThat(a.status()).isEqualTo(503);
              assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(120));
              assertThat(a.body()).hasSize(2048);
            });
  }
}
