package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The exact answers of the access checks, as a client sees them: bodies, headers, cookies. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.users[0].username=olga",
      "paynotify.users[0].password={noop}olga-password",
      "paynotify.users[0].role=operator",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:security-answers;DB_CLOSE_DELAY=-1"
    })
class SecurityAnswersTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String LOGIN = "{\"username\":\"olga\",\"password\":\"olga-password\"}";
  @LocalServerPort int port;

  @Test
  void aCallWithoutCredentialsIsAskedForABearerTokenAndGetsNoSession() throws Exception {
    var answer = send(HttpClient.newHttpClient(), request("GET", "/api/v1/merchants", null));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(json(answer).get("error").asString()).isEqualTo("UNAUTHORIZED");
    assertThat(json(answer).get("message").asString())
        .isEqualTo("Authorization: Bearer <token> or a console session is required");
    assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void anAuthorizationOtherThanBearerAndAWrongTokenAreToldApart() throws Exception {
    var http = HttpClient.newHttpClient();

    var basic =
        send(
            http,
            request("GET", "/api/v1/merchants", null).header("Authorization", "Basic b2xnYTp4"));
    var wrong =
        send(
            http,
            request("GET", "/api/v1/merchants", null).header("Authorization", "Bearer pn_nope"));

    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(json(basic).get("message").asString())
        .isEqualTo("use Authorization: Bearer <token>");
    assertThat(basic.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(json(wrong).get("message").asString()).isEqualTo("the bearer token is not valid");
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void aRoleWithoutTheRightIsToldWhichRoleMayNotDoWhat() throws Exception {
    var viewer = issue("viewer");

    var answer =
        send(
            HttpClient.newHttpClient(),
            request("POST", "/api/v1/merchants", "{\"id\":\"v1\",\"name\":\"V\"}")
                .header("Authorization", "Bearer " + viewer));

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(json(answer).get("error").asString()).isEqualTo("FORBIDDEN");
    assertThat(json(answer).get("message").asString())
        .isEqualTo("the role viewer may not POST /api/v1/merchants");
  }

  @Test
  void aBearerCallOpensNoSessionAndNeedsNoCsrfTokenEvenBesideASessionCookie() throws Exception {
    var browser = browser();
    send(browser, request("POST", "/api/v1/session", LOGIN));

    var bearer =
        send(
            HttpClient.newHttpClient(),
            request("GET", "/api/v1/merchants", null)
                .header("Authorization", "Bearer " + Api.TOKEN));
    var bearerBesideCookie =
        send(
            browser,
            request("POST", "/api/v1/merchants", "{\"id\":\"b-" + suffix() + "\",\"name\":\"B\"}")
                .header("Authorization", "Bearer " + Api.TOKEN));

    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(bearer.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(bearerBesideCookie.statusCode()).isEqualTo(201);
  }

  @Test
  void aSessionsChangeWithoutTheCsrfTokenIsRefusedButAnAnonymousOneIsAskedToLogIn()
      throws Exception {
    var browser = browser();
    var login = send(browser, request("POST", "/api/v1/session", LOGIN));
    var current = send(browser, request("GET", "/api/v1/session", null));

    var withoutCsrf =
        send(browser, request("POST", "/api/v1/notifications/retry", "{\"ids\":[\"none\"]}"));
    var wrongCsrf =
        send(
            browser,
            request("POST", "/api/v1/notifications/retry", "{\"ids\":[\"none\"]}")
                .header("X-CSRF-Token", "forged"));
    var withCsrf =
        send(
            browser,
            request("POST", "/api/v1/notifications/retry", "{\"ids\":[\"none\"]}")
                .header("X-CSRF-Token", json(current).get("csrfToken").asString()));
    var anonymous =
        send(
            HttpClient.newHttpClient(),
            request("POST", "/api/v1/notifications/retry", "{\"ids\":[\"none\"]}"));

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(json(current).get("csrfToken").asString())
        .isEqualTo(json(login).get("csrfToken").asString());
    assertThat(withoutCsrf.statusCode()).isEqualTo(403);
    assertThat(json(withoutCsrf).get("error").asString()).isEqualTo("CSRF");
    assertThat(json(withoutCsrf).get("message").asString())
        .isEqualTo("a change made with a session cookie needs the session's X-CSRF-Token header");
    assertThat(wrongCsrf.statusCode()).isEqualTo(403);
    assertThat(withCsrf.statusCode()).isEqualTo(200);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void loggingInAgainNeedsNoCsrfTokenAndGivesAFreshSessionAndToken() throws Exception {
    var browser = browser();
    var first = send(browser, request("POST", "/api/v1/session", LOGIN));

    var second = send(browser, request("POST", "/api/v1/session", LOGIN));
    var staleToken =
        send(
            browser,
            request("POST", "/api/v1/notifications/retry", "{\"ids\":[\"none\"]}")
                .header("X-CSRF-Token", json(first).get("csrfToken").asString()));

    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(cookie(second)).isNotEmpty().isNotEqualTo(cookie(first));
    assertThat(json(second).get("csrfToken").asString())
        .isNotEqualTo(json(first).get("csrfToken").asString());
    assertThat(staleToken.statusCode()).isEqualTo(403);
  }

  @Test
  void aFailedLoginIsAnsweredWithoutSayingWhichPartWasWrong() throws Exception {
    var answer =
        send(
            browser(),
            request("POST", "/api/v1/session", "{\"username\":\"olga\",\"password\":\"nope\"}"));
    var missing = send(browser(), request("POST", "/api/v1/session", "{\"username\":\"olga\"}"));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(json(answer).get("error").asString()).isEqualTo("UNAUTHORIZED");
    assertThat(json(answer).get("message").asString())
        .isEqualTo("wrong token, or wrong username or password");
    assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).get("field").asString()).isEqualTo("password");
  }

  @Test
  void aLoggedOutSessionCookieNoLongerWorks() throws Exception {
    var browser = browser();
    var login = send(browser, request("POST", "/api/v1/session", LOGIN));
    var csrf = json(login).get("csrfToken").asString();

    var logout =
        send(browser, request("DELETE", "/api/v1/session", null).header("X-CSRF-Token", csrf));
    var after = send(browser, request("GET", "/api/v1/session", null));
    var anonymousLogout =
        send(HttpClient.newHttpClient(), request("DELETE", "/api/v1/session", null));

    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(anonymousLogout.statusCode()).isEqualTo(401);
  }

  @Test
  void everyAnswerCarriesTheBrowserProtectionsAndOnlyTheConsolePageItsPolicy() throws Exception {
    var http = HttpClient.newHttpClient();

    var page = send(http, request("GET", "/", null));
    var api =
        send(
            http,
            request("GET", "/api/v1/merchants", null)
                .header("Authorization", "Bearer " + Api.TOKEN));
    var script = send(http, request("GET", "/js/app.js", null));

    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .contains(
            "default-src 'self'; script-src 'self'; "
                + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'; form-action 'self'");
    for (var answer : java.util.List.of(page, api, script)) {
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(answer.headers().firstValue("X-Frame-Options")).contains("DENY");
      assertThat(answer.headers().firstValue("Referrer-Policy")).contains("same-origin");
    }
    assertThat(api.headers().firstValue("Content-Security-Policy")).isEmpty();
    assertThat(script.statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownApiPathIsNotFoundForAReaderAndUnauthorizedForAnonymous() throws Exception {
    var viewer = issue("viewer");
    var http = HttpClient.newHttpClient();

    var asViewer =
        send(
            http,
            request("GET", "/api/v1/no-such", null).header("Authorization", "Bearer " + viewer));
    var changeAsViewer =
        send(
            http,
            request("POST", "/api/v1/no-such", "{}").header("Authorization", "Bearer " + viewer));
    var changeAsAdmin =
        send(
            http,
            request("POST", "/api/v1/no-such", "{}")
                .header("Authorization", "Bearer " + Api.TOKEN));
    var anonymous = send(http, request("GET", "/api/v1/no-such", null));

    assertThat(asViewer.statusCode()).isEqualTo(404);
    assertThat(json(asViewer).get("error").asString()).isEqualTo("NOT_FOUND");
    assertThat(changeAsViewer.statusCode()).isEqualTo(403);
    assertThat(changeAsAdmin.statusCode()).isEqualTo(404);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void theOpenPartsNeedNoCredentials() throws Exception {
    var http = HttpClient.newHttpClient();

    var docs = send(http, request("GET", "/v3/api-docs", null));
    var health = send(http, request("GET", "/actuator/health", null));
    var page = send(http, request("GET", "/index.html", null));

    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void aProducerMayReadItsSessionAndNothingElse() throws Exception {
    var producer = issue("producer");
    var browser = browser();
    var login =
        send(browser, request("POST", "/api/v1/session", "{\"token\":\"" + producer + "\"}"));

    var current = send(browser, request("GET", "/api/v1/session", null));
    var merchants = send(browser, request("GET", "/api/v1/merchants", null));

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(json(current).get("role").asString()).isEqualTo("producer");
    assertThat(merchants.statusCode()).isEqualTo(403);
    assertThat(json(merchants).get("message").asString())
        .isEqualTo("the role producer may not GET /api/v1/merchants");
  }

  @Test
  void singleSignOnIsOffUnlessConfigured() throws Exception {
    var http = HttpClient.newHttpClient();

    var providers = send(http, request("GET", "/api/v1/session/sso", null));
    var start = send(http, request("GET", "/oauth2/authorization/sso", null));

    assertThat(providers.statusCode()).isEqualTo(200);
    assertThat(json(providers).get("providers").isEmpty()).isTrue();
    assertThat(start.statusCode()).isEqualTo(404);
  }

  // --- helpers

  private HttpRequest.Builder request(String method, String path, String json) {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    return json == null ? request : request.header("Content-Type", "application/json");
  }

  private static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request)
      throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private static String cookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("PAYNOTIFY_SESSION="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElse("");
  }

  private String issue(String role) throws Exception {
    var answer =
        send(
            HttpClient.newHttpClient(),
            request(
                    "POST",
                    "/api/v1/tokens",
                    "{\"name\":\"" + role + "-" + suffix() + "\",\"role\":\"" + role + "\"}")
                .header("Authorization", "Bearer " + Api.TOKEN));
    return json(answer).get("token").asString();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
