package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.testkit.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The development-only H2 console: off unless {@code paynotify.h2-console.enabled}, then for admins
 * only, and never on a database other than an embedded H2 one.
 */
class H2ConsoleTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(int port, String path, String token) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  @SpringBootTest(
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {
        "paynotify.api-token=" + Api.TOKEN,
        "paynotify.h2-console.enabled=true",
        "paynotify.data-dir=target/test-data",
        "spring.datasource.url=jdbc:h2:mem:h2console;DB_CLOSE_DELAY=-1"
      })
  class Enabled {
    @LocalServerPort int port;

    @Test
    void anAdminGetsTheConsoleAndOthersAreRefused() throws Exception {
      var api = new Api(port);
      var viewer =
          api.post(
                  "/api/v1/tokens",
                  "{\"name\":\"v-"
                      + UUID.randomUUID().toString().substring(0, 6)
                      + "\",\"role\":\"viewer\"}")
              .text("token");
      var operator =
          api.post(
                  "/api/v1/tokens",
                  "{\"name\":\"o-"
                      + UUID.randomUUID().toString().substring(0, 6)
                      + "\",\"role\":\"operator\"}")
              .text("token");

      var asAdmin = get(port, "/h2-console/", Api.TOKEN);
      var asViewer = get(port, "/h2-console/", viewer);
      var asOperator = get(port, "/h2-console/", operator);
      var anonymous = get(port, "/h2-console/", null);

      assertThat(asAdmin.statusCode()).isEqualTo(200);
      assertThat(asAdmin.body()).containsIgnoringCase("H2 Console");
      assertThat(asAdmin.headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");
      assertThat(asViewer.statusCode()).isEqualTo(403);
      assertThat(asOperator.statusCode()).isEqualTo(403);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).doesNotContainIgnoringCase("H2 Console");
    }
  }

  @Nested
  @SpringBootTest(
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {
        "paynotify.api-token=" + Api.TOKEN,
        "paynotify.data-dir=target/test-data",
        "spring.datasource.url=jdbc:h2:mem:h2consoleoff;DB_CLOSE_DELAY=-1"
      })
  class OffByDefault {
    @LocalServerPort int port;

    @Test
    void thereIsNoConsoleEvenForAnAdmin() throws Exception {
      var asAdmin = get(port, "/h2-console/", Api.TOKEN);
      var anonymous = get(port, "/h2-console/login.jsp", null);

      assertThat(asAdmin.statusCode()).isEqualTo(404);
      assertThat(anonymous.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void startUpIsRefusedWhenTheDatabaseIsNotH2() {
    try (var postgres = TestDatabases.postgres()) {
      // Arguments, not default properties: application.properties would override those.
      var application = new SpringApplicationBuilder(PaynotifyApplication.class);
      var arguments =
          new String[] {
            "--paynotify.api-token=" + Api.TOKEN,
            "--paynotify.h2-console.enabled=true",
            "--paynotify.data-dir=target/test-data-h2console",
            "--server.port=0",
            "--spring.datasource.url=" + postgres.jdbcUrl(),
            "--spring.datasource.username=" + postgres.username(),
            "--spring.datasource.password=" + postgres.password()
          };

      assertThatThrownBy(() -> application.run(arguments).close())
          .rootCause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "paynotify.h2-console.enabled=true, but the database is PostgreSQL, not an embedded H2 database:"
                  + " the H2 console is for development on H2 only; remove the setting")
          .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING)
          .doesNotContain(postgres.jdbcUrl());
    }
  }
}
