package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Roles, issued tokens, console sessions with CSRF, and the audit log, over real HTTP on H2. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.users[0].username=alice",
      "paynotify.users[0].password={noop}alice-password",
      "paynotify.users[0].role=operator",
      "paynotify.users[1].username=vera",
      "paynotify.users[1].password=" + AccessApiTest.VERA_HASH,
      "paynotify.users[1].role=viewer",
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:access;DB_CLOSE_DELAY=-1"
    })
class AccessApiTest {
  static final String VERA_HASH =
      "{pbkdf2}1000:c2FsdHNhbHRzYWx0c2FsdA==:2QX/f/wnUyx5NP7CMCqG4hNiDc8fo6AHcqWjZDMFG0Q=";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @LocalServerPort int port;
  private Api admin;
  private final FakeMerchant merchant = FakeMerchant.start();
  private String merchantId;

  @BeforeEach
  void registerMerchant() {
    admin = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            admin
                .post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stopMerchant() {
    merchant.close();
  }

  @Test
  void anIssuedTokenIsShownOnceAndWorksUntilRevoked() {
    var issued = admin.post("/api/v1/tokens", "{\"name\":\"reports\",\"role\":\"viewer\"}");
    var secret = issued.text("token");
    var listed = admin.get("/api/v1/tokens");
    var readWithIt = call(secret, "GET", "/api/v1/merchants", null);

    var revoked = admin.send(admin.request("/api/v1/tokens/" + issued.text("id"), "DELETE", ""));
    var readAfterRevoke = call(secret, "GET", "/api/v1/merchants", null);

    assertThat(issued.status()).isEqualTo(201);
    assertThat(secret).startsWith("pn_").hasSizeGreaterThan(40);
    assertThat(issued.text("role")).isEqualTo("viewer");
    assertThat(listed.body()).contains("reports").doesNotContain(secret);
    assertThat(readWithIt.status()).isEqualTo(200);
    assertThat(revoked.status()).isEqualTo(204);
    assertThat(readAfterRevoke.status()).isEqualTo(401);
    assertThat(readAfterRevoke.text("error")).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void eachRoleMayDoOnlyWhatItIsFor() {
    var viewer = token("viewer");
    var operator = token("operator");
    var producer = token("producer");
    var id = createNotification(Api.TOKEN);

    assertThat(call(viewer, "GET", "/api/v1/notifications/" + id, null).status()).isEqualTo(200);
    assertThat(call(viewer, "POST", "/api/v1/notifications/" + id + "/retry", "{}").status())
        .isEqualTo(403);
    assertThat(call(viewer, "POST", "/api/v1/notifications", notification("V1")).status())
        .isEqualTo(403);
    assertThat(call(producer, "POST", "/api/v1/notifications", notification("P1")).status())
        .isEqualTo(201);
    assertThat(call(producer, "GET", "/api/v1/notifications/" + id, null).status()).isEqualTo(403);
    assertThat(
            call(
                    operator,
                    "POST",
                    "/api/v1/notifications/" + id + "/abandon",
                    "{\"reason\":\"merchant closed\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            call(operator, "POST", "/api/v1/merchants", "{\"id\":\"x1\",\"name\":\"X\"}").status())
        .isEqualTo(403);
    assertThat(call(operator, "GET", "/api/v1/tokens", null).status()).isEqualTo(403);
    assertThat(call(operator, "GET", "/api/v1/audit", null).status()).isEqualTo(403);
    var refused = call(viewer, "POST", "/api/v1/notifications/" + id + "/retry", "{}");
    assertThat(refused.json().get("error").asString()).isEqualTo("FORBIDDEN");
    assertThat(refused.json().get("message").asString()).contains("viewer");
  }

  @Test
  void anOddlyWrittenPathGetsNoWiderAccess() {
    var operator = token("operator");

    var withParameter =
        call(operator, "POST", "/api/v1/merchants;x=1", "{\"id\":\"x2\",\"name\":\"X\"}");
    var encoded = call(operator, "POST", "/api/v1/%6Derchants", "{\"id\":\"x3\",\"name\":\"X\"}");

    assertThat(withParameter.status()).isEqualTo(403);
    assertThat(encoded.status()).isEqualTo(403);
    assertThat(admin.get("/api/v1/merchants").body()).doesNotContain("\"x2\"", "\"x3\"");
  }

  @Test
  void theConsoleLogsInWithAPasswordAndChangesOnlyWithTheSessionsCsrfToken() throws Exception {
    var id = createNotification(Api.TOKEN);
    var browser = new Browser();

    var login =
        browser.send(
            "POST",
            "/api/v1/session",
            "{\"username\":\"alice\",\"password\":\"alice-password\"}",
            null);
    var csrf = login.json().get("csrfToken").asString();
    var read = browser.send("GET", "/api/v1/notifications/" + id, null, null);
    var withoutCsrf =
        browser.send(
            "POST", "/api/v1/notifications/" + id + "/abandon", "{\"reason\":\"test\"}", null);
    var withCsrf =
        browser.send(
            "POST", "/api/v1/notifications/" + id + "/abandon", "{\"reason\":\"test\"}", csrf);
    var logout = browser.send("DELETE", "/api/v1/session", null, csrf);
    var afterLogout = browser.send("GET", "/api/v1/notifications/" + id, null, null);

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().get("name").asString()).isEqualTo("user:alice");
    assertThat(login.json().get("role").asString()).isEqualTo("operator");
    assertThat(login.setCookie())
        .contains("PAYNOTIFY_SESSION=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Lax");
    assertThat(read.status()).isEqualTo(200);
    assertThat(withoutCsrf.status()).isEqualTo(403);
    assertThat(withoutCsrf.json().get("error").asString()).isEqualTo("CSRF");
    assertThat(withCsrf.status()).isEqualTo(200);
    assertThat(logout.status()).isEqualTo(204);
    assertThat(afterLogout.status()).isEqualTo(401);
  }

  @Test
  void aHashedPasswordLogsInAndAWrongOneIsRefusedAndAudited() throws Exception {
    var right =
        new Browser()
            .send(
                "POST",
                "/api/v1/session",
                "{\"username\":\"vera\",\"password\":\"vera-password\"}",
                null);
    var wrong =
        new Browser()
            .send(
                "POST", "/api/v1/session", "{\"username\":\"vera\",\"password\":\"guess\"}", null);
    var unknown =
        new Browser()
            .send(
                "POST",
                "/api/v1/session",
                "{\"username\":\"mallory\",\"password\":\"guess\"}",
                null);

    assertThat(right.status()).isEqualTo(200);
    assertThat(right.json().get("role").asString()).isEqualTo("viewer");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(auditActions())
        .contains("session.login-failed by user:vera", "session.login-failed by user:mallory");
  }

  @Test
  void aSessionOpenedWithATokenEndsWhenTheTokenIsRevoked() throws Exception {
    var issued = admin.post("/api/v1/tokens", "{\"name\":\"laptop\",\"role\":\"operator\"}");
    var browser = new Browser();
    var login =
        browser.send(
            "POST", "/api/v1/session", "{\"token\":\"" + issued.text("token") + "\"}", null);

    admin.send(admin.request("/api/v1/tokens/" + issued.text("id"), "DELETE", ""));
    var after = browser.send("GET", "/api/v1/merchants", null, null);

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().get("name").asString()).isEqualTo("token:laptop");
    assertThat(after.status()).isEqualTo(401);
  }

  @Test
  void theAuditLogRefusesAPageOutOfRangeNamingTheParameter() {
    var tooLarge = admin.get("/api/v1/audit?size=501");
    var negative = admin.get("/api/v1/audit?page=-1");

    assertThat(tooLarge.status()).isEqualTo(422);
    assertThat(tooLarge.text("field")).isEqualTo("size");
    assertThat(tooLarge.text("message")).isEqualTo("size: 501 must be between 1 and 500");
    assertThat(negative.status()).isEqualTo(422);
    assertThat(negative.text("field")).isEqualTo("page");
  }

  @Test
  void everyChangeIsAuditedWithWhoWhatAndTarget() {
    var operator = token("operator");
    var first = createNotification(Api.TOKEN);
    var second = createNotification(Api.TOKEN);

    call(
        operator,
        "POST",
        "/api/v1/notifications/" + first + "/abandon",
        "{\"reason\":\"merchant closed\"}");
    call(operator, "POST", "/api/v1/notifications/" + first + "/retry", "{}");
    call(
        operator,
        "POST",
        "/api/v1/notifications/abandon",
        "{\"ids\":[\"" + first + "\",\"" + second + "\"],\"reason\":\"duplicate\"}");
    admin.patch("/api/v1/merchants/" + merchantId, "{\"status\":\"DISABLED\"}");
    admin.post("/api/v1/merchants/" + merchantId + "/secret/rotate", "{}");
    var log = admin.get("/api/v1/audit?size=20").json().get("items");

    assertThat(entry(log, "notification.abandon")).contains("token:ops-", first, "merchant closed");
    assertThat(entry(log, "notification.retry")).contains(first);
    assertThat(entry(log, "notification.bulk-abandon")).contains("\\\"ids\\\":2", "duplicate");
    assertThat(entry(log, "merchant.change")).contains("api-token", merchantId, "DISABLED");
    assertThat(entry(log, "merchant.rotate-secret")).contains(merchantId).doesNotContain("whsec_");
    assertThat(entry(log, "token.create")).contains("operator");
    assertThat(log.get(0).get("action").asString()).isEqualTo("merchant.rotate-secret");
  }

  @Test
  void refusedAndFailedChangesAreNotAudited() {
    var viewer = token("viewer");

    var refused = call(viewer, "POST", "/api/v1/notifications/no-such/retry", "{}");
    var failed = admin.post("/api/v1/notifications/no-such/retry", "{}");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(failed.status()).isEqualTo(404);
    assertThat(admin.get("/api/v1/audit?size=500").body()).doesNotContain("no-such");
  }

  @Test
  void bulkAbandonAbandonsEachWithOneReasonAndSkipsTheUnknown() {
    var first = createNotification(Api.TOKEN);
    var second = createNotification(Api.TOKEN);

    var answer =
        admin.post(
            "/api/v1/notifications/abandon",
            "{\"ids\":[\"" + first + "\",\"" + second + "\",\"nope\"],\"reason\":\"test run\"}");

    assertThat(answer.json().get("count").asInt()).isEqualTo(2);
    assertThat(admin.get("/api/v1/notifications/" + second).text("abandonReason"))
        .isEqualTo("test run");
  }

  @Test
  void theCallbackIsShownAsItWouldBeSentNowWithACurlCommand() {
    var id = createNotification(Api.TOKEN);

    var callback = admin.get("/api/v1/notifications/" + id + "/callback");

    assertThat(callback.status()).isEqualTo(200);
    assertThat(callback.text("url")).isEqualTo(merchant.url("/notify"));
    assertThat(callback.json().get("headers").get("webhook-signature").asString())
        .startsWith("v1,");
    assertThat(callback.text("body")).contains(id);
    assertThat(callback.text("curl"))
        .startsWith("curl -X POST '" + merchant.url("/notify") + "'")
        .contains("-H 'webhook-id: ");
  }

  @Test
  void searchPagesOnWithAKeysetCursor() {
    var ids = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      ids.add(createNotification(Api.TOKEN));
    }

    var first = admin.get("/api/v1/notifications?merchantId=" + merchantId + "&size=2");
    var second =
        admin.get(
            "/api/v1/notifications?merchantId="
                + merchantId
                + "&size=2&before="
                + first.text("next"));

    assertThat(first.json().get("items").findValuesAsString("id"))
        .containsExactly(ids.get(2), ids.get(1));
    assertThat(second.json().get("items").findValuesAsString("id")).containsExactly(ids.get(0));
    assertThat(second.text("next")).isNull();
  }

  @Test
  void theConsoleIsServedAtTheRootWithAPolicyThatRunsOnlyItsOwnScripts() throws Exception {
    var browser = new Browser();

    var page =
        browser.http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script type=\"module\" src=\"/js/app.js\">");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            policy -> assertThat(policy).contains("script-src 'self'", "frame-ancestors 'none'"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  // --- helpers

  private static String entry(JsonNode log, String action) {
    for (var entry : log) {
      if (entry.get("action").asString().equals(action)) {
        return entry.toString();
      }
    }
    return "no " + action + " in " + log;
  }

  private List<String> auditActions() {
    var actions = new ArrayList<String>();
    for (var entry : admin.get("/api/v1/audit?size=100").json().get("items")) {
      actions.add(entry.get("action").asString() + " by " + entry.get("actor").asString());
    }
    return actions;
  }

  private String token(String role) {
    var name =
        (role.equals("operator") ? "ops-" : role + "-")
            + UUID.randomUUID().toString().substring(0, 6);
    return admin
        .post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}")
        .text("token");
  }

  private String notification(String orderNo) {
    return """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"1.00",
         "currency":"CNY","notifyUrl":"%s"}"""
        .formatted(merchantId, orderNo, merchant.url("/notify"));
  }

  private String createNotification(String token) {
    merchant.alwaysReply(FakeMerchant.Reply.status(500));
    var created =
        call(token, "POST", "/api/v1/notifications", notification("O-" + UUID.randomUUID()));
    assertThat(created.status()).isEqualTo(201);
    return created.text("id");
  }

  private Api.Answer call(String token, String method, String path, String json) {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    return admin.send(request);
  }

  /** A browser's view of the API: a cookie jar, no Authorization header. */
  private final class Browser {
    private final HttpClient http =
        HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    record Answer(int status, JsonNode json, String setCookie) {}

    Answer send(String method, String path, String json, String csrf) throws Exception {
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  json == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(json));
      if (csrf != null) {
        request.header("X-CSRF-Token", csrf);
      }
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      var body = response.body();
      var parsed = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      return new Answer(
          response.statusCode(),
          parsed,
          String.join("\n", response.headers().allValues("Set-Cookie")));
    }
  }
}
