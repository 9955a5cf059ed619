package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With the shipped {@code server.forward-headers-strategy=none}, a client cannot pick its own
 * address.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.data-dir=target/test-data",
      "paynotify.login.max-failures=3",
      "paynotify.users[0].username=ops",
      "paynotify.users[0].password={noop}right-password",
      "paynotify.users[0].role=admin",
      "spring.datasource.url=jdbc:h2:mem:throttle-direct;DB_CLOSE_DELAY=-1"
    })
class LoginThrottleWithoutProxyTest {
  @LocalServerPort int port;

  @Test
  void forwardedHeadersAreIgnoredUnlessTheStrategySaysSo() {
    var api = new Api(port);
    var statuses = new java.util.ArrayList<Integer>();
    for (int i = 0; i < 3; i++) {
      statuses.add(
          api.send(
                  login(api, "guess-" + i, "wrong")
                      .header("X-Forwarded-For", "198.51.100." + i)
                      .header("Forwarded", "for=198.51.100." + i))
              .status());
    }

    var claimingANewAddress =
        api.send(
            login(api, "ops", "right-password")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("Forwarded", "for=203.0.113.9"));

    assertThat(statuses).containsExactly(401, 401, 401);
    assertThat(claimingANewAddress.status()).isEqualTo(429);
    assertThat(claimingANewAddress.text("message")).contains("this address");
  }

  private static HttpRequest.Builder login(Api api, String username, String password) {
    return api.unauthenticated("/api/v1/session")
        .header("Content-Type", "application/json")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"));
  }
}
