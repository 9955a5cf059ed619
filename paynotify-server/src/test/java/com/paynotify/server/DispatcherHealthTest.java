package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.Paynotify;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** Health follows the dispatcher: a loop that stopped makes the node DOWN. */
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:dispatcherhealth;DB_CLOSE_DELAY=-1"
    })
class DispatcherHealthTest {
  @LocalServerPort int port;
  @Autowired Paynotify paynotify;

  @Test
  void aStoppedDispatcherLoopMakesHealthDown() {
    var api = new Api(port);
    var before = api.get("/actuator/health"); // details are for admins

    paynotify.stop();
    var after = api.get("/actuator/health");

    assertThat(before.status()).isEqualTo(200);
    assertThat(after.status()).isEqualTo(503);
    assertThat(after.json().at("/status").asString()).isEqualTo("DOWN");
    assertThat(after.json().at("/components/dispatcher/status").asString()).isEqualTo("DOWN");
    assertThat(after.json().at("/components/dispatcher/details/reason").asString())
        .contains("stopped or stuck");
    assertThat(after.json().at("/components/db/status").asString()).isEqualTo("UP");
  }
}
