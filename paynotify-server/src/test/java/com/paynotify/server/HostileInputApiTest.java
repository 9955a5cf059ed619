package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Requests that used to take the server down or be answered as an outage: bodies without bound,
 * amounts that write out as gigabytes, broken percent-encoding, values longer than their columns.
 * Each gets a 4xx with the API's JSON error, at once and short.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.users[0].username=alice",
      "paynotify.users[0].password={noop}alice-password",
      "paynotify.users[0].role=operator",
      "paynotify.delivery.enabled=false",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:hostile;DB_CLOSE_DELAY=-1"
    })
@DirtiesContext // one test narrows a column of this context's database
class HostileInputApiTest {
  private static final int MIB = 1024 * 1024;
  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired MeterRegistry meters;
  private Api api;
  private String merchantId;

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
                .status())
        .isEqualTo(201);
  }

  private String notification(String orderNo, String amountJson) {
    return """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":%s,
         "currency":"CNY","notifyUrl":"https://93.184.215.14/notify"}"""
        .formatted(merchantId, orderNo, amountJson);
  }

  @Test
  void refusesABodyDeclaredOverTheLimitWithoutWaitingForIt() throws IOException {
    try (var socket = connect()) {
      var out = socket.getOutputStream();
      head(
          out,
          "POST /api/v1/session",
          "Content-Length: " + 300L * MIB,
          "Authorization: Bearer " + Api.TOKEN);
      out.write("{\"username\":\"alice\",\"password\":\"".getBytes(StandardCharsets.UTF_8));
      out.flush();

      var answer = RawHttp.read(socket.getInputStream());

      // The client has sent 30 of 300 MB declared: the answer came without the server waiting for
      // the rest.
      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.text("error")).isEqualTo("BODY_TOO_LARGE");
      assertThat(answer.text("message")).contains("16384 bytes");
    }
  }

  @Test
  void refusesAChunkedBodyOnceItGrowsPastTheLimitBeforeItEnds() throws IOException {
    try (var socket = connect()) {
      var out = socket.getOutputStream();
      head(
          out,
          "POST /api/v1/notifications",
          "Transfer-Encoding: chunked",
          "Content-Type: application/json",
          "Authorization: Bearer " + Api.TOKEN);
      chunk(
          out,
          ("{\"merchantId\":\"" + merchantId + "\",\"orderNo\":\"")
              .getBytes(StandardCharsets.UTF_8));
      var chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
      for (int sent = 0; sent < MIB + MIB / 2; sent += chunk.length) {
        chunk(out, chunk);
      }
      out.flush();

      var answer = RawHttp.read(socket.getInputStream());

      // No last chunk was sent, so the body has not ended: the server stopped reading at its limit.
      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.text("error")).isEqualTo("BODY_TOO_LARGE");
      assertThat(answer.text("message")).contains(MIB + " bytes");
    }
  }

  @Test
  void readsBodiesUpToTheLimitAndRefusesLargerOnesOfEveryEndpoint() {
    var padding = " ".repeat(16 * 1024 - 60);
    var login = "{\"username\":\"alice\",\"password\":\"wrong\"}";

    var loginAtLimit =
        api.send(
            api.unauthenticated("/api/v1/session")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(login + padding)));
    var loginOver =
        api.send(
            api.unauthenticated("/api/v1/session")
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        login + " ".repeat(20 * 1024))));
    var createOver =
        api.post("/api/v1/notifications", notification("BIG-1", "\"1.00\"") + " ".repeat(2 * MIB));
    var patchOver =
        api.patch("/api/v1/merchants/" + merchantId, "{\"name\":\"x\"}" + " ".repeat(2 * MIB));

    assertThat(loginAtLimit.status()).isEqualTo(401);
    assertThat(loginOver.status()).isEqualTo(413);
    assertThat(createOver.status()).isEqualTo(413);
    assertThat(createOver.text("error")).isEqualTo("BODY_TOO_LARGE");
    assertThat(patchOver.status()).isEqualTo(413);
    assertThat(api.get("/api/v1/notifications?orderNo=BIG-1").json().get("total").asInt()).isZero();
  }

  @Test
  void refusesAFormBodyTheContainerWouldParseByItself() {
    var form =
        new RawHttp(port)
            .send(
                "POST",
                "/api/v1/notifications/abandon",
                Map.of(
                    "Authorization",
                    "Bearer " + Api.TOKEN,
                    "Content-Type",
                    "application/x-www-form-urlencoded"),
                "ids=%ff%fe&reason=x".getBytes(StandardCharsets.US_ASCII));

    assertThat(form.status()).isEqualTo(415);
    assertThat(form.text("error")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/notifications?orderNo=%                      | orderNo",
        "/api/v1/notifications?merchantId=x&channel=%ff%fe   | channel",
        "/api/v1/notifications?status=%zz                     | status",
        "/api/v1/stats?from=2026-01-01T00:00:00Z&to=%E2%82    | to",
        "/api/v1/audit?size=%u0041                             | size",
      })
  void answersBrokenPercentEncodingWithABadRequestNamingTheParameter(
      String target, String parameter) {
    var answer =
        new RawHttp(port)
            .send("GET", target, Map.of("Authorization", "Bearer " + Api.TOKEN), new byte[0]);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.text("error")).isEqualTo("INVALID_PARAMETER");
    assertThat(answer.text("field")).isEqualTo(parameter);
    assertThat(answer.text("message"))
        .startsWith(parameter + ": ")
        .contains("percent-encoded UTF-8");
  }

  @Test
  void answersAQueryParameterWithoutANameWithABadRequest() {
    var answer =
        new RawHttp(port)
            .send(
                "GET",
                "/api/v1/alerts?=x",
                Map.of("Authorization", "Bearer " + Api.TOKEN),
                new byte[0]);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.text("error")).isEqualTo("INVALID_PARAMETER");
  }

  @Test
  void refusesAMerchantNameLongerThanItsColumnNamingNameAndChangesNothing() {
    var patched =
        api.patch("/api/v1/merchants/" + merchantId, "{\"name\":\"" + "n".repeat(201) + "\"}");
    var registered =
        api.post(
            "/api/v1/merchants", "{\"id\":\"long-name\",\"name\":\"" + "n".repeat(201) + "\"}");
    var manyHosts =
        java.util.stream.IntStream.range(0, 130)
            .mapToObj(i -> "\"h" + (100_000 + i) + ".example\"")
            .collect(java.util.stream.Collectors.joining(","));
    var hosts =
        api.patch("/api/v1/merchants/" + merchantId, "{\"callbackHosts\":[" + manyHosts + "]}");

    assertThat(patched.status()).isEqualTo(422);
    assertThat(patched.text("field")).isEqualTo("name");
    assertThat(patched.text("message")).isEqualTo("name: at most 200 characters, got 201");
    assertThat(registered.status()).isEqualTo(422);
    assertThat(registered.text("field")).isEqualTo("name");
    assertThat(hosts.status()).isEqualTo(422);
    assertThat(hosts.text("field")).isEqualTo("callbackHosts");
    assertThat(api.get("/api/v1/merchants/" + merchantId).text("name")).isEqualTo("Shop");
    assertThat(api.get("/api/v1/merchants/long-name").status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"1E-900000000\"",
        "\"1E-5000000\"",
        "\"-1E-900000000\"",
        "\"1E+900000000\"",
        "-1E+900000000",
        "1E-900000000",
        "\"0.0000000000000000000000000000000000000001\"",
      })
  void refusesAmountsWithHugeExponentsWithAShortMessage(String amount) {
    var answer = api.post("/api/v1/notifications", notification("EXP-1", amount));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.text("field")).isEqualTo("amount");
    assertThat(answer.text("message")).startsWith("amount: ");
    assertThat(answer.text("message"))
        .hasSizeLessThan(150); // the answer holds it twice, as detail and message
  }

  @Test
  void refusesARefundAmountWithAHugeExponentWithAShortMessage() {
    var body =
        notification("EXP-2", "\"10.00\"")
            .replace("\"SUCCESS\"", "\"REFUNDED\"")
            .replace("\"amount\":", "\"refundAmount\":\"1E-900000000\",\"amount\":");

    var answer = api.post("/api/v1/notifications", body);

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.text("field")).isEqualTo("refundAmount");
    assertThat(answer.text("message"))
        .hasSizeLessThan(150); // the answer holds it twice, as detail and message
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"tiny\":1E-900000000}",
        "{\"list\":[1,{\"huge\":-1E+900000000}]}",
        "{\"gone\":null}",
      })
  void refusesAnExtraWithAnUnboundedNumberOrANullValueNamingExtra(String extra) {
    var body =
        notification("EXTRA-1", "\"1.00\"")
            .replace("\"currency\"", "\"extra\":" + extra + ",\"currency\"");

    var answer = api.post("/api/v1/notifications", body);

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.text("field")).isEqualTo("extra");
    assertThat(answer.text("message"))
        .hasSizeLessThan(150); // the answer holds it twice, as detail and message
  }

  @Test
  void echoesOnlyAShortCutCopyOfAnInvalidValue() {
    var answer =
        api.post(
            "/api/v1/notifications",
            notification("ECHO-1", "\"1.00\"")
                .replace("\"CNY\"", "\"" + "Q".repeat(100_000) + "\""));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.text("message"))
        .isEqualTo(
            "currency: '"
                + "Q".repeat(64)
                + "…' (100000 characters) is not an ISO 4217 code like CNY or USD");
  }

  @Test
  void refusesARetryIntervalLongerThanAYearInsteadOfFailingOnIt() {
    var answer =
        api.put(
            "/api/v1/retry-policies/forever",
            "{\"intervals\":[\"PT9999999999999H\"],\"timeout\":\"10s\"}");

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.text("field")).isEqualTo("intervals");
  }

  @Test
  void answersAValueTheDatabaseRefusesAsTheRequestsFaultNamingTheFieldNotAsAnOutage()
      throws Exception {
    // A column narrower than the checks expect stands for any check that lags behind the schema.
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      statement.execute("ALTER TABLE notification ALTER COLUMN order_no SET DATA TYPE VARCHAR(8)");
    }

    var answer = api.post("/api/v1/notifications", notification("ORDER-LONGER-THAN-8", "\"1.00\""));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.text("error")).isEqualTo("INVALID_VALUE");
    assertThat(answer.text("field")).isEqualTo("orderNo");
    assertThat(answer.body()).doesNotContain("ORDER-LONGER", "SQL statement");
    assertThat(
            meters
                .find("paynotify.store.calls")
                .tag("operation", "create")
                .tag("outcome", "refused")
                .timer())
        .isNotNull()
        .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
    assertThat(
            meters
                .find("paynotify.store.calls")
                .tag("operation", "create")
                .tag("outcome", "error")
                .timer())
        .isNull();
  }

  private Socket connect() throws IOException {
    var socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(15_000); // a server still waiting for the body makes the read fail here
    return socket;
  }

  private static void chunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private void head(OutputStream out, String requestLine, String... headers) throws IOException {
    var head =
        new StringBuilder(requestLine)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
            .append(port)
            .append("\r\nConnection: close\r\n");
    for (var header : headers) {
      head.append(header).append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
