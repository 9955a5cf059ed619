package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Login throttling behind a proxy that the server trusts ({@code
 * server.forward-headers-strategy=native}: Tomcat takes the client from X-Forwarded-For sent by an
 * internal proxy, as this test is on 127.0.0.1). Each test claims its own client addresses and
 * accounts, as the throttle is per node.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.data-dir=target/test-data",
      "paynotify.login.max-failures=3",
      "server.forward-headers-strategy=native",
      "paynotify.users[0].username=carol",
      "paynotify.users[0].password={noop}carol-password",
      "paynotify.users[0].role=viewer",
      "paynotify.users[1].username=frank",
      "paynotify.users[1].password={noop}frank-password",
      "paynotify.users[1].role=viewer",
      "spring.datasource.url=jdbc:h2:mem:throttle-proxy;DB_CLOSE_DELAY=-1"
    })
class LoginThrottleBehindProxyTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @LocalServerPort int port;

  @Test
  void forwardedHeadersNameTheClientWhenTheStrategySaysSo() {
    for (int i = 0; i < 3; i++) {
      assertThat(login("198.51.100.10", "guess-" + i, "wrong").statusCode()).isEqualTo(401);
    }

    var sameClient = login("198.51.100.10", "guess-3", "wrong");
    var otherClient = login("198.51.100.11", "guess-3", "wrong");

    assertThat(sameClient.statusCode()).isEqualTo(429);
    assertThat(sameClient.body()).contains("TOO_MANY_ATTEMPTS", "this address");
    assertThat(otherClient.statusCode()).isEqualTo(401);
  }

  @Test
  void throttlesAnAccountGuessedFromManyAddresses() {
    for (int i = 0; i < 3; i++) {
      assertThat(login("203.0.113." + (20 + i), "carol", "guess").statusCode()).isEqualTo(401);
    }

    var rightPasswordFromANewAddress = login("203.0.113.30", "carol", "carol-password");
    var otherAccountFromThere = login("203.0.113.30", "someone-else", "guess");

    assertThat(rightPasswordFromANewAddress.statusCode()).isEqualTo(429);
    assertThat(rightPasswordFromANewAddress.body()).contains("this account");
    assertThat(rightPasswordFromANewAddress.headers().firstValue("Retry-After")).contains("60");
    assertThat(otherAccountFromThere.statusCode()).isEqualTo(401);
  }

  @Test
  void anIpv6Slash64CountsAsOneAddress() {
    assertThat(login("2001:db8:aa:1::1", "v6-a", "wrong").statusCode()).isEqualTo(401);
    assertThat(login("2001:db8:aa:1::2", "v6-b", "wrong").statusCode()).isEqualTo(401);
    assertThat(login("2001:db8:aa:1:ffff:ffff:ffff:ffff", "v6-c", "wrong").statusCode())
        .isEqualTo(401);

    var sameSlash64 = login("2001:db8:aa:1:1234::9", "v6-d", "wrong");
    var nextSlash64 = login("2001:db8:aa:2::1", "v6-d", "wrong");

    assertThat(sameSlash64.statusCode()).isEqualTo(429);
    assertThat(nextSlash64.statusCode()).isEqualTo(401);
  }

  @Test
  void parallelGuessesForOneAccountFromOneAddressGetNoMoreChecksThanTheLimit() {
    var answers = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < 200; i++) {
      answers.add(
          HTTP.sendAsync(
              loginRequest("198.51.100.77", "dave", "guess-" + i),
              HttpResponse.BodyHandlers.ofString()));
    }

    var statuses =
        answers.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

    assertThat(statuses).containsOnly(401, 429);
    assertThat(statuses.stream().filter(s -> s == 401).count()).isBetween(1L, 3L);
  }

  @Test
  void failedLoginsAreAuditedOncePerAccountAndAddressInAWindow() {
    login("198.51.100.90", "erin", "guess-1");
    login("198.51.100.90", "erin", "guess-2");
    login("198.51.100.91", "erin", "guess-3");

    var rows = new ArrayList<String>();
    for (var entry : new Api(port).get("/api/v1/audit?size=500").json().get("items")) {
      if (entry.get("actor").asString().equals("user:erin")) {
        rows.add(entry.get("action").asString() + " " + entry.get("detail").asString());
      }
    }

    assertThat(rows)
        .containsExactlyInAnyOrder(
            "session.login-failed from 198.51.100.90", "session.login-failed from 198.51.100.91");
  }

  @Test
  void aUserStillLogsInFromAnAddressKnownToTheAccountWhileItIsGuessedElsewhere() {
    assertThat(login("192.0.2.200", "frank", "frank-password").statusCode()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      login("192.0.2." + (210 + i), "frank", "guess");
    }

    var fromHome = login("192.0.2.200", "frank", "frank-password");
    var fromElsewhere = login("192.0.2.220", "frank", "frank-password");

    assertThat(fromHome.statusCode()).isEqualTo(200);
    assertThat(fromElsewhere.statusCode()).isEqualTo(429);
  }

  private HttpResponse<String> login(String client, String username, String password) {
    try {
      return HTTP.send(
          loginRequest(client, username, password), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest loginRequest(String client, String username, String password) {
    return new Api(port)
        .unauthenticated("/api/v1/session")
        .header("Content-Type", "application/json")
        .header("X-Forwarded-For", client)
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
        .build();
  }
}
