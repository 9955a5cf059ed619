package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Guessing at the console's login is cut off after a few failures, right password or not. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.data-dir=target/test-data",
      "paynotify.login.max-failures=3",
      "paynotify.users[0].username=ops",
      "paynotify.users[0].password={noop}right-password",
      "paynotify.users[0].role=admin",
      "spring.datasource.url=jdbc:h2:mem:throttle;DB_CLOSE_DELAY=-1"
    })
class LoginThrottleApiTest {
  @LocalServerPort int port;

  @Test
  void refusesLoginsFromAnAddressThatKeepsGuessing() {
    var api = new Api(port);
    var wrong = "{\"username\":\"ops\",\"password\":\"guess\"}";
    var right = "{\"username\":\"ops\",\"password\":\"right-password\"}";
    var first = login(api, right);
    for (int i = 0; i < 3; i++) {
      assertThat(login(api, wrong).status()).isEqualTo(401);
    }

    var afterGuessing = login(api, right);

    assertThat(first.status()).isEqualTo(200);
    assertThat(afterGuessing.status()).isEqualTo(429);
    assertThat(afterGuessing.text("error")).isEqualTo("TOO_MANY_ATTEMPTS");
  }

  private static Api.Answer login(Api api, String body) {
    return api.send(
        api.unauthenticated("/api/v1/session")
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }
}
