package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document: open without a token, and listing every operation the controllers serve.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:apidocs;DB_CLOSE_DELAY=-1"
    })
class ApiDocumentationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The committed document, relative to this module (the tests run in paynotify-server/). */
  static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

  private static final String REGENERATE =
      "./mvnw -pl paynotify-server -am test -Dtest=ApiDocumentationTest -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.write=true";
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
  @LocalServerPort int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

  @Test
  void documentListsEveryApiOperationTheControllersServe() throws Exception {
    var served = new TreeSet<String>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              for (var path : info.getPatternValues()) {
                if (path.startsWith("/api/v1/")) {
                  info.getMethodsCondition()
                      .getMethods()
                      .forEach(m -> served.add(m.name() + " " + path));
                }
              }
            });

    var document = fetchWithoutToken("/v3/api-docs");

    var documented = new TreeSet<String>();
    document
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        operation ->
                            documented.add(
                                operation.getKey().toUpperCase(Locale.ROOT)
                                    + " "
                                    + path.getKey())));
    assertThat(served)
        .contains("GET /api/v1/stats", "GET /api/v1/alerts", "POST /api/v1/notifications");
    assertThat(documented).containsAll(served);
  }

  @Test
  void documentDescribesBearerAuthTheErrorBodyAndRequestSchemas() throws Exception {
    var document = fetchWithoutToken("/v3/api-docs");

    assertThat(document.at("/openapi").asString()).startsWith("3.");
    assertThat(document.at("/components/securitySchemes/bearer/scheme").asString())
        .isEqualTo("bearer");
    assertThat(document.at("/security/0/bearer").isArray()).isTrue();
    assertThat(document.at("/components/schemas/ApiError/properties").propertyNames())
        .contains("error", "message", "field")
        .contains("type", "title", "status", "detail");
    var create = document.at("/paths/~1api~1v1~1notifications/post");
    assertThat(create.at("/requestBody/content/application~1json/schema/$ref").asString())
        .isEqualTo("#/components/schemas/NotificationRequestBody");
    assertThat(create.at("/responses/422/content/application~1problem+json/schema/$ref").asString())
        .isEqualTo("#/components/schemas/ApiError");
    assertThat(document.at("/components/schemas/NotificationRequestBody/required").toString())
        .contains("merchantId", "amount", "notifyUrl");
    assertThat(document.at("/paths/~1api~1v1~1stats/get/parameters").toString()).contains("bucket");
  }

  /**
   * The document's request schemas are generated from the records the bodies are bound into; this
   * keeps it so.
   */
  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "com.paynotify.server.api.CreateNotificationBody, NotificationRequestBody, post /api/v1/notifications",
    "com.paynotify.server.api.NotificationController$AbandonBody, AbandonRequestBody, post /api/v1/notifications/{id}/abandon",
    "com.paynotify.server.api.NotificationController$BulkRetryBody, BulkRetryRequestBody, post /api/v1/notifications/retry",
    "com.paynotify.server.api.NotificationController$BulkAbandonBody, BulkAbandonRequestBody, post /api/v1/notifications/abandon",
    "com.paynotify.server.api.MerchantController$MerchantBody, MerchantRequestBody, post /api/v1/merchants",
    "com.paynotify.server.api.MerchantController$MerchantChangeBody, MerchantChangeBody, patch /api/v1/merchants/{id}",
    "com.paynotify.server.api.RetryPolicyController$RetryPolicyBody, RetryPolicyBody, put /api/v1/retry-policies/{name}",
    "com.paynotify.server.api.TokenController$TokenBody, TokenRequestBody, post /api/v1/tokens",
    "com.paynotify.server.api.SessionController$LoginBody, LoginRequestBody, post /api/v1/session",
    "com.paynotify.server.api.TestNotificationController$TestNotificationBody, TestNotificationBody, post /api/v1/merchants/{id}/test-notification",
  })
  void everyComponentOfABoundRecordIsInItsOperationsSchema(
      String record, String schema, String operation) throws Exception {
    var components =
        Arrays.stream(Class.forName(record).getRecordComponents())
            .map(RecordComponent::getName)
            .toList();
    var method = operation.substring(0, operation.indexOf(' '));
    var path = operation.substring(operation.indexOf(' ') + 1).replace("/", "~1");

    var document = fetchWithoutToken("/v3/api-docs");

    assertThat(document.at("/components/schemas/" + schema + "/properties").propertyNames())
        .containsExactlyInAnyOrderElementsOf(components);
    assertThat(
            document
                .at(
                    "/paths/"
                        + path
                        + "/"
                        + method
                        + "/requestBody/content/application~1json/schema/$ref")
                .asString())
        .isEqualTo("#/components/schemas/" + schema);
  }

  /**
   * docs/openapi.json is the document the server serves, so a change to the API shows in review as
   * a change to that file. With {@code -Dopenapi.write=true} this test writes the file instead.
   */
  @Test
  void committedDocumentIsTheServedOne() throws Exception {
    var served = committedForm(fetchWithoutToken("/v3/api-docs"));

    if (Boolean.getBoolean("openapi.write")) {
      Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
      return;
    }
    var committed =
        Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
    assertThat(served)
        .withFailMessage(
            "docs/openapi.json differs from the document the server serves at /v3/api-docs (%s); "
                + "if the API change is intended, regenerate it with%n  %s%nand commit it",
            firstDifference(committed, served), REGENERATE)
        .isEqualTo(committed);
  }

  private static String firstDifference(String committed, String served) {
    var was = committed.lines().toList();
    var is = served.lines().toList();
    for (int i = 0; i < Math.max(was.size(), is.size()); i++) {
      var a = i < was.size() ? was.get(i).strip() : "(end of file)";
      var b = i < is.size() ? is.get(i).strip() : "(end of document)";
      if (!a.equals(b)) {
        return "first at line " + (i + 1) + ": committed " + a + ", served " + b;
      }
    }
    return committed.isEmpty() ? "the file is missing" : "in whitespace or line endings";
  }

  /**
   * The document as committed: without the server URL (it names this run's random port), keys in
   * alphabetical order at every level (array order is kept: it is the document's), pretty-printed,
   * ending in a newline.
   */
  static String committedForm(JsonNode document) {
    var copy = (ObjectNode) sorted(document);
    copy.remove("servers");
    return JSON.rebuild()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writeValueAsString(copy)
            .replace("\r\n", "\n")
        + "\n";
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var out = JSON.createObjectNode();
      new TreeSet<>(object.propertyNames())
          .forEach(name -> out.set(name, sorted(object.get(name))));
      return out;
    }
    if (node instanceof ArrayNode array) {
      var out = JSON.createArrayNode();
      array.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }

  @Test
  void browsableUiIsServedWithoutToken() throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/swagger-ui.html"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).containsIgnoringCase("swagger-ui");
  }

  private JsonNode fetchWithoutToken(String path) throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
