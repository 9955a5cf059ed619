package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.merchant.MasterKey;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Console sessions live in the database, so a load balancer may send each request of one browser to
 * any node: two nodes on one PostgreSQL database, a login on one, the same cookie on the other.
 */
class SharedSessionsOnPostgresTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String MASTER_KEY = MasterKey.generate().reveal();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
  private TestDatabase database;
  @TempDir Path dataDirs;

  @BeforeEach
  void openTheDatabase() {
    database = TestDatabases.postgres();
  }

  @AfterEach
  void stopEverything() {
    nodes.reversed().forEach(ConfigurableApplicationContext::close);
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aSessionOpenedOnOneNodeReadsAndChangesOnAnotherWithItsCsrfTokenAndEndsOnBoth()
      throws Exception {
    int first = port(start("first"));
    int second = port(start("second"));

    var login =
        send(
            first,
            "POST",
            "/api/v1/session",
            "{\"username\":\"alice\",\"password\":\"alice-password\"}",
            null,
            null);
    var cookie = sessionCookie(login);
    var csrf = login.json().get("csrfToken").asString();
    var whoOnSecond = send(second, "GET", "/api/v1/session", null, cookie, null);
    var withoutCsrf =
        send(
            second,
            "POST",
            "/api/v1/merchants",
            "{\"id\":\"shop\",\"name\":\"Shop\"}",
            cookie,
            null);
    var withCsrf =
        send(
            second,
            "POST",
            "/api/v1/merchants",
            "{\"id\":\"shop\",\"name\":\"Shop\"}",
            cookie,
            csrf);
    var logoutOnSecond = send(second, "DELETE", "/api/v1/session", null, cookie, csrf);
    var afterLogoutOnFirst = send(first, "GET", "/api/v1/merchants", null, cookie, null);

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.setCookie())
        .contains("PAYNOTIFY_SESSION=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Lax");
    assertThat(whoOnSecond.status()).as(whoOnSecond.body()).isEqualTo(200);
    assertThat(whoOnSecond.json().get("name").asString()).isEqualTo("user:alice");
    assertThat(withoutCsrf.status()).isEqualTo(403);
    assertThat(withoutCsrf.json().get("error").asString()).isEqualTo("CSRF");
    assertThat(withCsrf.status()).as(withCsrf.body()).isEqualTo(201);
    assertThat(logoutOnSecond.status()).isEqualTo(204);
    assertThat(afterLogoutOnFirst.status()).isEqualTo(401);
  }

  @Test
  void anExpiredSessionIsRefusedOnEveryNodeAndItsRowIsDeleted() throws Exception {
    var timeout = "--server.servlet.session.timeout=10s";
    var everySecond = "--spring.session.jdbc.cleanup-cron=* * * * * *";
    int first = port(start("first", timeout, everySecond));
    int second = port(start("second", timeout, everySecond));
    var cookie =
        sessionCookie(
            send(
                first,
                "POST",
                "/api/v1/session",
                "{\"username\":\"alice\",\"password\":\"alice-password\"}",
                null,
                null));
    assertThat(sessionRows()).isEqualTo(1);

    var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (sessionRows() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    var onSecond = send(second, "GET", "/api/v1/merchants", null, cookie, null);

    assertThat(sessionRows()).as("expired sessions left in SPRING_SESSION").isZero();
    assertThat(onSecond.status()).isEqualTo(401);
  }

  private ConfigurableApplicationContext start(String dataDir, String... properties) {
    var arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--paynotify.api-token=" + Api.TOKEN,
                "--paynotify.master-key=" + MASTER_KEY,
                "--paynotify.data-dir=" + dataDirs.resolve(dataDir),
                "--paynotify.delivery.enabled=false",
                "--paynotify.users[0].username=alice",
                "--paynotify.users[0].password={noop}alice-password",
                "--paynotify.users[0].role=admin",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password()));
    arguments.addAll(List.of(properties));
    var node =
        new SpringApplicationBuilder(PaynotifyApplication.class)
            .run(arguments.toArray(String[]::new));
    nodes.add(node);
    return node;
  }

  private static int port(ConfigurableApplicationContext node) {
    return ((WebServerApplicationContext) node).getWebServer().getPort();
  }

  private long sessionRows() throws SQLException {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT COUNT(*) FROM SPRING_SESSION")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The {@code name=value} of the session cookie the login set, as a browser sends it back. */
  private static String sessionCookie(Answer login) {
    return login
        .setCookie()
        .lines()
        .filter(line -> line.startsWith("PAYNOTIFY_SESSION="))
        .map(line -> line.split(";", 2)[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + login.setCookie()));
  }

  private record Answer(int status, String body, String setCookie) {
    JsonNode json() {
      return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }
  }

  private Answer send(
      int port,
      String method,
      String path,
      @Nullable String json,
      @Nullable String cookie,
      @Nullable String csrf)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        response.body(),
        String.join("\n", response.headers().allValues("Set-Cookie")));
  }
}
