package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Thousands of mutated requests against the write and search endpoints of a running server: bodies
 * truncated, retyped, nested deep, stretched long, filled with huge numbers, unicode and control
 * characters; query strings with broken percent-encoding. None may be answered with a 5xx, and
 * every 4xx must be the API's JSON error. The seed is fixed and printed, so a failure can be
 * replayed with {@code -Dpaynotify.fuzz.seed=<seed>}.
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
      "spring.datasource.url=jdbc:h2:mem:fuzz;DB_CLOSE_DELAY=-1",
      "logging.level.com.paynotify.server.api.ApiErrors=ERROR"
    })
class RequestFuzzTest {
  static final long SEED = Long.getLong("paynotify.fuzz.seed", 20_260_611L);
  static final int REQUESTS = Integer.getInteger("paynotify.fuzz.requests", 3_000);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A public address literal, so creating a notification never waits on DNS. */
  private static final String NOTIFY_URL = "https://93.184.215.14/notify";

  private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + Api.TOKEN);

  @LocalServerPort int port;
  private RawHttp http;
  private Random random;
  private String notificationId;

  @BeforeEach
  void seedData() {
    http = new RawHttp(port);
    random = new Random(SEED);
    var api = new Api(port);
    api.post(
        "/api/v1/merchants",
        "{\"id\":\"fuzz-shop\",\"name\":\"Fuzz\",\"callbackHosts\":[\"93.184.215.14\"]}");
    api.post("/api/v1/merchants", "{\"id\":\"fuzz-patch\",\"name\":\"Patched\"}");
    api.put("/api/v1/retry-policies/fuzz", "{\"intervals\":[\"1m\",\"5m\"],\"timeout\":\"10s\"}");
    var created = api.post("/api/v1/notifications", createBody("SEED-1").toString());
    assertThat(created.status()).isEqualTo(201);
    notificationId = created.text("id");
  }

  @Test
  void noMutatedRequestIsAnsweredWithAServerErrorAndEveryRefusalIsAJsonError() {
    System.out.println(
        "RequestFuzzTest: seed "
            + SEED
            + ", "
            + REQUESTS
            + " requests (replay with -Dpaynotify.fuzz.seed="
            + SEED
            + ")");
    var failures = new ArrayList<String>();
    var statuses = new java.util.TreeMap<Integer, Integer>();
    long start = System.nanoTime();

    for (int i = 0; i < REQUESTS; i++) {
      var request = nextRequest(i);
      var answer = http.send(request.method(), request.target(), request.headers(), request.body());
      statuses.merge(answer.status(), 1, Integer::sum);
      var problem = problem(answer);
      if (problem != null) {
        failures.add(
            "#"
                + i
                + " "
                + request
                + " -> "
                + answer.status()
                + " "
                + RawHttp.cut(answer.body())
                + ": "
                + problem);
      }
    }

    System.out.println(
        "RequestFuzzTest: answers by status "
            + statuses
            + " in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms");
    assertThat(failures).as("seed " + SEED + ", first failures").isEmpty();
  }

  private static String problem(RawHttp.Answer answer) {
    if (answer.status() >= 500) {
      return "a server error";
    }
    if (answer.status() < 400) {
      return null;
    }
    var json = answer.json();
    if (json == null
        || !json.isObject()
        || json.get("error") == null
        || !json.get("error").isString()
        || json.get("message") == null
        || !json.get("message").isString()) {
      return "not the JSON error shape";
    }
    if (answer.body().length() > 4_096) {
      return "an error answer of " + answer.body().length() + " characters";
    }
    return null;
  }

  /** One request as sent: the target is raw, so it may carry broken percent-encoding on purpose. */
  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      return method
          + " "
          + RawHttp.cut(target)
          + " "
          + RawHttp.cut(new String(body, StandardCharsets.UTF_8));
    }
  }

  private Request nextRequest(int i) {
    return switch (random.nextInt(16)) {
      case 0, 1, 2 -> write("POST", "/api/v1/notifications", createBody("F-" + i));
      case 3 -> search("/api/v1/notifications", searchParams());
      case 4 ->
          write(
              "POST",
              "/api/v1/notifications/" + pathId(notificationId) + "/retry",
              NODES.objectNode());
      case 5 ->
          write(
              "POST",
              "/api/v1/notifications/" + pathId(notificationId) + "/abandon",
              object("reason", "fuzzed"));
      case 6 ->
          write(
              "POST",
              "/api/v1/notifications/retry",
              random.nextBoolean()
                  ? object("ids", NODES.arrayNode().add(notificationId).add("ntf_missing"))
                  : object("merchantId", "fuzz-shop")
                      .put("status", "FAILED")
                      .put("channel", "WEBHOOK"));
      case 7 ->
          write(
              "POST",
              "/api/v1/notifications/abandon",
              object("ids", NODES.arrayNode().add("ntf_missing")).put("reason", "bulk fuzz"));
      case 8 ->
          write(
              "POST",
              "/api/v1/merchants",
              object("id", "m-" + i)
                  .put("name", "Shop " + i)
                  .set("callbackHosts", NODES.arrayNode().add("shop.example")));
      case 9 ->
          write(
              "PATCH",
              "/api/v1/merchants/" + pathId("fuzz-patch"),
              object("name", "Patched " + i)
                  .put("status", "ACTIVE")
                  .set("callbackHosts", NODES.arrayNode().add("a.example")));
      case 10 ->
          write(
              "PUT",
              "/api/v1/retry-policies/" + pathId("p-" + (i % 50)),
              object("intervals", NODES.arrayNode().add("30s").add("2m")).put("timeout", "10s"));
      case 11 -> write("POST", "/api/v1/tokens", object("name", "fuzz " + i).put("role", "viewer"));
      case 12 ->
          write(
              "POST",
              "/api/v1/session",
              random.nextBoolean()
                  ? object("username", "alice").put("password", "wrong-" + i)
                  : object("token", "pn_wrong" + i));
      case 13 -> search("/api/v1/stats", statsParams());
      case 14 ->
          write(
              "PUT",
              "/api/v1/merchants/fuzz-patch/channels/WECHAT_V2",
              object("appId", "wx" + i).put("mchId", "1900000109").put("apiKey", "a".repeat(32)));
      default ->
          search(
              random.nextBoolean() ? "/api/v1/audit" : "/api/v1/alerts",
              random.nextBoolean() ? params("page", "0", "size", "20") : params("state", "all"));
    };
  }

  private ObjectNode createBody(String orderNo) {
    var body =
        object("merchantId", "fuzz-shop")
            .put("channel", "WEBHOOK")
            .put("orderNo", orderNo)
            .put("transactionId", "TX-" + orderNo)
            .put("paymentStatus", "SUCCESS")
            .put("amount", "10.00")
            .put("currency", "CNY")
            .put("notifyUrl", NOTIFY_URL)
            .put("retryPolicy", "fuzz");
    body.set("extra", object("buyer", "张三").set("items", NODES.arrayNode().add(1).add(2)));
    return body;
  }

  private Map<String, String> searchParams() {
    return params(
        "merchantId",
        "fuzz-shop",
        "orderNo",
        "F-1",
        "status",
        "PENDING",
        "channel",
        "WEBHOOK",
        "from",
        "2026-01-01T00:00:00Z",
        "to",
        "2036-01-01T00:00:00Z",
        "page",
        "0",
        "size",
        "20",
        "before",
        notificationId);
  }

  private Map<String, String> statsParams() {
    return params(
        "merchantId",
        "fuzz-shop",
        "channel",
        "WEBHOOK",
        "from",
        "2026-01-01T00:00:00Z",
        "to",
        "2026-01-02T00:00:00Z",
        "bucket",
        "1h");
  }

  private static ObjectNode object(String field, String value) {
    return NODES.objectNode().put(field, value);
  }

  private static ObjectNode object(String field, JsonNode value) {
    var node = NODES.objectNode();
    node.set(field, value);
    return node;
  }

  private static Map<String, String> params(String... pairs) {
    var map = new LinkedHashMap<String, String>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  // ---- bodies ----

  private Request write(String method, String path, ObjectNode valid) {
    var headers = new LinkedHashMap<>(AUTH);
    headers.put("Content-Type", contentType());
    int mutations = random.nextInt(4); // 0: the valid request itself, so the happy paths run too
    JsonNode tree = valid;
    for (int m = 0; m < mutations; m++) {
      tree = mutate(tree);
    }
    var body = JSON.writeValueAsBytes(tree);
    if (random.nextInt(4) == 0) {
      body = mutateText(body);
    }
    return new Request(method, path, headers, body);
  }

  private String contentType() {
    return switch (random.nextInt(20)) {
      case 0 -> "text/plain";
      case 1 -> "application/x-www-form-urlencoded";
      case 2 -> "application/json; charset=ISO-8859-1";
      case 3 -> "application/json; charset=bogus";
      case 4 -> "application/xml";
      default -> "application/json";
    };
  }

  private JsonNode mutate(JsonNode tree) {
    if (!(tree instanceof ObjectNode object) || random.nextInt(15) == 0) {
      return hostileValue();
    }
    var names = new ArrayList<String>(object.propertyNames());
    var copy = object.deepCopy();
    switch (random.nextInt(5)) {
      case 0 -> {
        if (!names.isEmpty()) {
          copy.remove(names.get(random.nextInt(names.size())));
        }
      }
      case 1 -> copy.set(hostileName(), hostileValue());
      default -> {
        var name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
        copy.set(
            name,
            random.nextInt(3) == 0 && copy.get(name) instanceof ObjectNode inner
                ? mutate(inner)
                : hostileValue());
      }
    }
    return copy;
  }

  private String hostileName() {
    return pick(
        List.of(
            () -> "",
            () -> "unknown",
            () -> "extra",
            () -> "ids",
            () -> "name",
            () -> "\u0000",
            () -> "a".repeat(5_000),
            () -> "ünïcödé",
            () -> "amount.total",
            () -> "__proto__"));
  }

  private JsonNode hostileValue() {
    return switch (random.nextInt(4)) {
      case 0 -> hostileNumberOrScalar();
      case 1, 2 -> NODES.stringNode(hostileString());
      default -> hostileContainer();
    };
  }

  private JsonNode hostileNumberOrScalar() {
    return pick(
        List.<Supplier<JsonNode>>of(
            NODES::nullNode,
            () -> NODES.booleanNode(random.nextBoolean()),
            () -> NODES.numberNode(0),
            () -> NODES.numberNode(-1),
            () -> NODES.numberNode(Long.MAX_VALUE),
            () -> NODES.numberNode(new java.math.BigDecimal("1E-900000000")),
            () -> NODES.numberNode(new java.math.BigDecimal("-1E+900000000")),
            () -> NODES.numberNode(new java.math.BigDecimal("1E-5000000")),
            () -> NODES.numberNode(new java.math.BigInteger("9".repeat(900))),
            () -> NODES.numberNode(new java.math.BigDecimal("0.000000000000000000000000000001")),
            () -> NODES.numberNode(1.5e300),
            () -> NODES.numberNode(12.345)));
  }

  private String hostileString() {
    return pick(
        List.of(
            () -> "",
            () -> " ",
            () -> "1E-900000000",
            () -> "-1E-900000000",
            () -> "1E+900000000",
            () -> "1E-5000000",
            () -> "0E-900000000",
            () -> "10." + "0".repeat(random.nextInt(2_000)) + "1",
            () -> "9".repeat(1 + random.nextInt(5_000)),
            () -> "-0.00",
            () -> "NaN",
            () -> "Infinity",
            () -> "0x1F",
            () -> "1e3",
            () -> "999999999999.99",
            () -> "PENDING",
            () -> "success",
            () -> "REFUNDED",
            () -> "DISABLED",
            () -> "admin",
            () -> "WECHAT_V3",
            () -> "2026-13-45T99:00:00Z",
            () -> "+1000000000-01-01T00:00:00Z",
            () -> "-999999999-01-01T00:00:00Z",
            () -> "1970-01-01T00:00:00Z",
            () -> "0s",
            () -> "-5s",
            () -> "999999999d",
            () -> "PT9999999999999H",
            () -> "P99999999999D",
            () -> "PT-1S",
            () -> "1ms",
            () -> "https://93.184.215.14/" + "p".repeat(random.nextInt(3_000)),
            () -> "https://user:pass@93.184.215.14/",
            () -> "http://[::1]/",
            () -> "javascript:alert(1)",
            () -> "%ff%fe%",
            () -> "'; DROP TABLE merchant; --",
            () -> "\u0000",
            () -> "a\u0000b",
            () -> "\u0007\u001b[31m\r\n",
            () -> "\ud800",
            () -> "😀".repeat(1 + random.nextInt(300)),
            () -> "\u202Egnp.exe",
            () -> "\u200B\uFEFF",
            () -> "张三".repeat(1 + random.nextInt(200)),
            () -> longString(65),
            () -> longString(129),
            () -> longString(201),
            () -> longString(257),
            () -> longString(1_025),
            () -> longString(2_049),
            () -> longString(10_000 + random.nextInt(100_000))));
  }

  private String longString(int length) {
    var chars = "abcXYZ019-_. é中😀";
    var out = new StringBuilder(length);
    while (out.length() < length) {
      out.append(chars.charAt(random.nextInt(chars.length() - 2)));
    }
    return out.toString();
  }

  private JsonNode hostileContainer() {
    return pick(
        List.<Supplier<JsonNode>>of(
            NODES::objectNode,
            NODES::arrayNode,
            () -> NODES.arrayNode().addNull(),
            () -> NODES.arrayNode().add(hostileString()).add(hostileString()),
            () ->
                repeat(
                    random.nextBoolean() ? 1 + random.nextInt(100) : 10_001,
                    () -> "ntf_" + random.nextInt(1_000_000)),
            () -> repeat(1 + random.nextInt(400), () -> "h" + random.nextInt(1_000) + ".example"),
            () -> repeat(1 + random.nextInt(200), () -> random.nextInt(1_000) + "s"),
            () -> deepObject(1 + random.nextInt(400)),
            () -> object("data", longString(70_000)),
            () -> object("refund_fee", "10.00").put("amount.total", 1),
            () -> object("gone", NODES.nullNode()),
            () -> object("tiny", NODES.numberNode(new java.math.BigDecimal("1E-900000000"))),
            () ->
                object(
                    "list",
                    NODES
                        .arrayNode()
                        .add(NODES.numberNode(new java.math.BigDecimal("-1E+900000000"))))));
  }

  private ArrayNode repeat(int count, Supplier<String> item) {
    var array = NODES.arrayNode();
    for (int i = 0; i < count; i++) {
      array.add(item.get());
    }
    return array;
  }

  private JsonNode deepObject(int depth) {
    JsonNode node = NODES.stringNode("bottom");
    for (int i = 0; i < depth; i++) {
      node = object("a", node);
    }
    return node;
  }

  private byte[] mutateText(byte[] body) {
    var text = new String(body, StandardCharsets.UTF_8);
    return switch (random.nextInt(8)) {
      case 0 ->
          java.util.Arrays.copyOf(
              body, random.nextInt(body.length + 1)); // truncated, maybe mid-character
      case 1 -> new byte[0];
      case 2 -> ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
      case 3 ->
          ("{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
      case 4 ->
          concat(
              java.util.Arrays.copyOf(body, body.length / 2),
              new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
              java.util.Arrays.copyOfRange(
                  body, body.length / 2, body.length)); // invalid UTF-8 inside
      case 5 ->
          text.replaceFirst("\\{", "{\"merchantId\":\"dup\",")
              .getBytes(StandardCharsets.UTF_8); // a duplicate key
      case 6 -> (text + text).getBytes(StandardCharsets.UTF_8);
      default -> "merchantId=fuzz-shop&amount=1".getBytes(StandardCharsets.UTF_8);
    };
  }

  private static byte[] concat(byte[]... parts) {
    var out = new ByteArrayOutputStream();
    for (var part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  // ---- query strings and paths ----

  private Request search(String path, Map<String, String> valid) {
    var pairs = new ArrayList<String[]>();
    valid.forEach((name, value) -> pairs.add(new String[] {encode(name), encode(value)}));
    int mutations = random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      int at = random.nextInt(pairs.size());
      switch (random.nextInt(6)) {
        case 0 -> pairs.remove(at);
        case 1 ->
            pairs.add(new String[] {pairs.get(at)[0], encode(hostileQueryValue())}); // repeated
        case 2 -> pairs.get(at)[1] = brokenPercent();
        case 3 ->
            pairs.add(
                new String[] {
                  random.nextBoolean() ? "" : brokenPercent(), random.nextBoolean() ? null : "x"
                });
        default -> pairs.get(at)[1] = encode(hostileQueryValue());
      }
      if (pairs.isEmpty()) {
        pairs.add(new String[] {"page", "0"});
      }
    }
    var query = new StringBuilder();
    for (var pair : pairs) {
      query.append(query.isEmpty() ? "" : "&").append(pair[0]);
      if (pair[1] != null) {
        query.append('=').append(pair[1]);
      }
    }
    // Tomcat refuses a request line past its header limit itself; stay under it to reach the API.
    var target = path + "?" + (query.length() > 6_000 ? query.substring(0, 6_000) : query);
    return new Request("GET", target, AUTH, new byte[0]);
  }

  private String hostileQueryValue() {
    return switch (random.nextInt(6)) {
      case 0 ->
          pick(
              List.of(
                  () -> "-1",
                  () -> "0",
                  () -> "2147483647",
                  () -> "2147483648",
                  () -> "99999999999999999999",
                  () -> "1e3",
                  () -> "0x10",
                  () -> "1.5",
                  () -> "  7 ",
                  () -> "501",
                  () -> "1m",
                  () -> "1w",
                  () -> "all",
                  () -> "open"));
      default -> {
        var text = hostileString();
        yield text.length() > 1_500 ? text.substring(0, 1_500) : text;
      }
    };
  }

  private String brokenPercent() {
    return pick(
        List.of(
            () -> "%",
            () -> "%f",
            () -> "%zz",
            () -> "%ff%fe",
            () -> "%C3%28",
            () -> "%00",
            () -> "%E2%82",
            () -> "%2",
            () -> "a%",
            () -> "%%",
            () -> "%u0041",
            () -> "+%+",
            () -> "%ED%A0%80",
            () -> "%F4%90%80%80"));
  }

  /**
   * The path segment: the real id, or a hostile one percent-encoded as Tomcat accepts it in a path.
   */
  private String pathId(String real) {
    if (random.nextInt(3) != 0) {
      return real;
    }
    var hostile = hostileString();
    if (hostile.length() > 2_000) {
      hostile = hostile.substring(0, 2_000);
    }
    // Tomcat refuses an encoded '/', '\' or NUL in a path before any application code runs.
    hostile = hostile.replace("/", "").replace("\\", "").replace("\u0000", "").replace(".", "");
    return hostile.isEmpty() ? real + "x" : encode(hostile).replace("+", "%20");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private <T> T pick(List<Supplier<T>> choices) {
    return choices.get(random.nextInt(choices.size())).get();
  }
}
