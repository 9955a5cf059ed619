package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single sign-on for the console against an OpenID Connect provider started by the test: the
 * browser is sent to the provider and back, and the session gets the role the user's claim maps to.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:oidc;DB_CLOSE_DELAY=-1",
      "spring.security.oauth2.client.registration.local.client-id=" + LocalOidcProvider.CLIENT_ID,
      "spring.security.oauth2.client.registration.local.client-secret="
          + LocalOidcProvider.CLIENT_SECRET,
      "spring.security.oauth2.client.registration.local.client-name=Local IdP",
      "spring.security.oauth2.client.registration.local.scope=openid",
      "spring.security.oauth2.client.provider.local.user-name-attribute=preferred_username",
      "paynotify.oidc.role-claim=groups",
      "paynotify.oidc.roles[payments-ops]=operator",
      "paynotify.oidc.roles[payments-admins]=admin"
    })
class OidcLoginTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final LocalOidcProvider PROVIDER = LocalOidcProvider.start();
  @LocalServerPort int port;

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    registry.add("spring.security.oauth2.client.provider.local.issuer-uri", PROVIDER::issuer);
  }

  @AfterAll
  static void stopProvider() {
    PROVIDER.close();
  }

  @Test
  void aUserInAMappedGroupGetsAConsoleSessionInItsRole() throws Exception {
    PROVIDER.nextUser(
        "u-1", Map.of("preferred_username", "olivia", "groups", List.of("staff", "payments-ops")));
    var browser = browser();

    var landed = send(browser, "GET", "/oauth2/authorization/local", null, null);
    var session = send(browser, "GET", "/api/v1/session", null, null);
    var csrf = json(session).get("csrfToken").asString();
    var change = send(browser, "POST", "/api/v1/notifications/retry", "{\"ids\":[\"none\"]}", csrf);
    var withoutCsrf =
        send(browser, "POST", "/api/v1/notifications/retry", "{\"ids\":[\"none\"]}", null);
    var adminOnly = send(browser, "GET", "/api/v1/tokens", null, null);

    assertThat(landed.statusCode()).isEqualTo(200);
    assertThat(landed.uri().getPath()).isEqualTo("/");
    assertThat(session.statusCode()).isEqualTo(200);
    assertThat(json(session).get("name").asString()).isEqualTo("oidc:olivia");
    assertThat(json(session).get("role").asString()).isEqualTo("operator");
    assertThat(change.statusCode()).isEqualTo(200);
    assertThat(withoutCsrf.statusCode()).isEqualTo(403);
    assertThat(adminOnly.statusCode()).isEqualTo(403);
    assertThat(json(adminOnly).get("message").asString())
        .isEqualTo("the role operator may not GET /api/v1/tokens");
    assertThat(auditEntry("session.login", "oidc:olivia")).contains("with single sign-on");
  }

  @Test
  void aUserInSeveralMappedGroupsGetsTheWidestRole() throws Exception {
    PROVIDER.nextUser(
        "u-2",
        Map.of("preferred_username", "ada", "groups", List.of("payments-ops", "payments-admins")));
    var browser = browser();

    send(browser, "GET", "/oauth2/authorization/local", null, null);
    var session = send(browser, "GET", "/api/v1/session", null, null);

    assertThat(json(session).get("role").asString()).isEqualTo("admin");
  }

  @Test
  void aUserWhoseClaimMapsToNoRoleIsRefusedAndGetsNoSession() throws Exception {
    PROVIDER.nextUser("u-3", Map.of("preferred_username", "mallory", "groups", List.of("staff")));
    var browser = browser();

    var refused = send(browser, "GET", "/oauth2/authorization/local", null, null);
    var session = send(browser, "GET", "/api/v1/session", null, null);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.uri().getPath()).isEqualTo("/login/oauth2/code/local");
    assertThat(json(refused).get("error").asString()).isEqualTo("FORBIDDEN");
    assertThat(json(refused).get("message").asString()).contains("mallory", "no Paynotify role");
    assertThat(session.statusCode()).isEqualTo(401);
    assertThat(auditEntry("session.login-failed", "oidc:mallory")).contains("groups");
  }

  @Test
  void theLoginPageLearnsOfTheProvider() throws Exception {
    var providers = send(HttpClient.newHttpClient(), "GET", "/api/v1/session/sso", null, null);

    assertThat(providers.statusCode()).isEqualTo(200);
    assertThat(json(providers).get("providers").toString())
        .isEqualTo("[{\"name\":\"Local IdP\",\"url\":\"/oauth2/authorization/local\"}]");
  }

  @Test
  void singleSignOnWithoutARoleMappingStopsTheServerNamingTheProperty() {
    var application = new SpringApplicationBuilder(PaynotifyApplication.class);

    assertThatThrownBy(
            () ->
                application
                    .run(
                        "--paynotify.api-token=" + Api.TOKEN,
                        "--paynotify.data-dir=target/test-data",
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:mem:oidc-unmapped;DB_CLOSE_DELAY=-1",
                        "--spring.security.oauth2.client.registration.local.client-id="
                            + LocalOidcProvider.CLIENT_ID,
                        "--spring.security.oauth2.client.registration.local.client-secret="
                            + LocalOidcProvider.CLIENT_SECRET,
                        "--spring.security.oauth2.client.provider.local.issuer-uri="
                            + PROVIDER.issuer())
                    .close())
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("paynotify.oidc.role-claim: required");
  }

  // --- helpers

  private static HttpClient browser() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  private HttpResponse<String> send(
      HttpClient http, String method, String path, String json, String csrf) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (csrf != null) {
      request.header("X-CSRF-Token", csrf);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private String auditEntry(String action, String actor) {
    for (var entry : new Api(port).get("/api/v1/audit?size=100").json().get("items")) {
      if (entry.get("action").asString().equals(action)
          && entry.get("actor").asString().equals(actor)) {
        return entry.toString();
      }
    }
    return "no " + action + " by " + actor;
  }
}
