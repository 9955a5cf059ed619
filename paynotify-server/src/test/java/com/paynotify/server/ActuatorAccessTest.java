package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Health shows the status to anyone and its parts only to admins; only the listed endpoints are
 * served.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.data-dir=target/test-data",
      "paynotify.users[0].username=root",
      "paynotify.users[0].password={noop}root-password",
      "paynotify.users[0].role=admin",
      "spring.datasource.url=jdbc:h2:mem:actuator;DB_CLOSE_DELAY=-1"
    })
class ActuatorAccessTest {
  @LocalServerPort int port;

  @Test
  void anonymousHealthHasTheStatusButNoComponentsOrDetails() {
    var api = new Api(port);

    var health = api.send(api.unauthenticated("/actuator/health").GET());

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text("status")).isEqualTo("UP");
    assertThat(health.json().has("components")).isFalse();
    assertThat(health.json().has("details")).isFalse();
    assertThat(health.body()).doesNotContain("diskSpace", "H2", "path");
  }

  @Test
  void anAdminSeesTheComponentsAndTheirDetails() throws Exception {
    var api = new Api(port);

    var withToken = api.get("/actuator/health");
    var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    browser.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"username\":\"root\",\"password\":\"root-password\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    var withSession =
        browser.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(withToken.json().at("/components/db/status").asString()).isEqualTo("UP");
    assertThat(withToken.json().at("/components/db/details/database").asString()).isEqualTo("H2");
    assertThat(withToken.json().at("/components/dispatcher/status").asString()).isEqualTo("UP");
    assertThat(withToken.json().has("components")).isTrue();
    assertThat(withSession.body()).contains("\"components\"", "\"db\"");
  }

  @Test
  void aTokenOfAnotherRoleSeesOnlyTheStatusAndAWrongTokenIsRefused() {
    var api = new Api(port);
    var viewer =
        api.post("/api/v1/tokens", "{\"name\":\"health-viewer\",\"role\":\"viewer\"}")
            .text("token");

    var asViewer =
        api.send(
            api.unauthenticated("/actuator/health")
                .header("Authorization", "Bearer " + viewer)
                .GET());
    var wrong =
        api.send(
            api.unauthenticated("/actuator/health").header("Authorization", "Bearer nope").GET());

    assertThat(asViewer.status()).isEqualTo(200);
    assertThat(asViewer.json().has("components")).isFalse();
    assertThat(wrong.status()).isEqualTo(401);
  }

  @Test
  void servesOnlyTheEndpointsTheReadmeLists() {
    var api = new Api(port);

    var prometheus = api.send(api.unauthenticated("/actuator/prometheus").GET());
    var info = api.send(api.unauthenticated("/actuator/info").GET());
    var infoAsAdmin = api.get("/actuator/info");
    var env = api.get("/actuator/env");
    var index = api.get("/actuator");

    assertThat(prometheus.status()).isEqualTo(200);
    assertThat(info.status()).isEqualTo(404);
    assertThat(infoAsAdmin.status()).isEqualTo(404);
    assertThat(env.status()).isEqualTo(404);
    assertThat(index.status()).isEqualTo(404);
  }
}
