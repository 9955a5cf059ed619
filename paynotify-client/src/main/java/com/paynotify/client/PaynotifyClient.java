package com.paynotify.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the Paynotify HTTP API for a payment platform: create notifications (one or in bulk),
 * read, search, retry and abandon them, and read stats and the server's vocabulary. Thread-safe;
 * build one per server with {@link #builder(URI)} and share it.
 *
 * <p>Every call authenticates with the bearer token, which no log line or exception ever shows. A
 * call answered 503 (the server's store is down) or that could not connect is tried again on the
 * {@link Backoff} schedule. A create is retried after a timeout or a dropped connection too,
 * because creates are idempotent: each try sends the same event and the same {@code
 * Idempotency-Key}, so a try that did reach the server makes the next one answer {@link
 * CreateOutcome.Existing}.
 *
 * <pre>{@code
 * var client = PaynotifyClient.builder(URI.create("https://paynotify.internal"))
 *     .token(System.getenv("PAYNOTIFY_TOKEN"))
 *     .build();
 * var outcome = client.create(NewNotification.of("shop-1", Channel.WEBHOOK, "ORDER001",
 *     PaymentStatus.SUCCESS, new BigDecimal("100.00"), "CNY", "https://shop.example/pay/notify"));
 * }</pre>
 */
public final class PaynotifyClient {
  /** The longest a call waits for its answer unless told otherwise. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The longest a connection takes to open unless told otherwise. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The most notifications one {@link #createAll} takes, as the server does. */
  public static final int MAX_BATCH = 1_000;

  private static final Logger log = LoggerFactory.getLogger(PaynotifyClient.class);
  private static final String JSON_TYPE = "application/json";

  private final URI base;
  private final String authorization;
  private final Duration requestTimeout;
  private final Backoff backoff;
  private final HttpClient http;
  private final JsonMapper json;

  private PaynotifyClient(Builder builder, String token) {
    var text = builder.base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.authorization = "Bearer " + token;
    this.requestTimeout = builder.requestTimeout;
    this.backoff = builder.backoff;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(builder.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.json =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  /**
   * A builder of a client of the server at {@code base}, such as {@code
   * https://paynotify.internal}.
   */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  /**
   * Creates a notification, or finds the one an earlier create of the same event made.
   *
   * @throws PaynotifyClientException.InvalidRequest naming the field at fault
   * @throws PaynotifyClientException.Conflict if the event's idempotency key was used for another
   *     event in the body; {@link PaynotifyClientException.InvalidRequest} ({@code
   *     IDEMPOTENCY_KEY_REUSED}) for a key given with {@link NewNotification#withIdempotencyKey}
   */
  public CreateOutcome create(NewNotification notification) {
    var headers = new LinkedHashMap<String, String>();
    if (notification.idempotencyKey() != null) {
      headers.put("Idempotency-Key", structuredString(notification.idempotencyKey()));
    }
    var call =
        new Call(
            "POST", "/api/v1/notifications", json.writeValueAsBytes(notification), headers, true);
    var answer = send(call);
    var created = read(call, answer.body(), Notification.class);
    return answer.status() == 201
        ? new CreateOutcome.Created(created)
        : new CreateOutcome.Existing(created);
  }

  /**
   * Creates up to {@value #MAX_BATCH} notifications in one request; each item is answered on its
   * own, in order, so one bad item fails only itself. Retried as a whole like a single create,
   * which is safe for the same reason: every item is idempotent.
   *
   * @throws IllegalArgumentException if there are more than {@value #MAX_BATCH}
   */
  public List<BatchItem> createAll(List<NewNotification> notifications) {
    if (notifications.size() > MAX_BATCH) {
      throw new IllegalArgumentException(
          "notifications: at most " + MAX_BATCH + " per batch, got " + notifications.size());
    }
    var items = json.createArrayNode();
    for (var notification : notifications) {
      var item = json.<tools.jackson.databind.node.ObjectNode>valueToTree(notification);
      // In a batch the key travels in each item's body: there is one header for many items.
      if (notification.idempotencyKey() != null) {
        item.put("idempotencyKey", notification.idempotencyKey());
      }
      items.add(item);
    }
    var call =
        new Call(
            "POST", "/api/v1/notifications/batch", json.writeValueAsBytes(items), Map.of(), true);
    var answers = read(call, send(call).body(), JsonNode.class);
    var results = new ArrayList<BatchItem>(answers.size());
    for (var answer : answers) {
      int status = answer.path("status").asInt();
      var notification = answer.get("notification");
      if ((status == 200 || status == 201) && notification != null && !notification.isNull()) {
        var stored = json.treeToValue(notification, Notification.class);
        results.add(
            new BatchItem.Done(
                status == 201
                    ? new CreateOutcome.Created(stored)
                    : new CreateOutcome.Existing(stored)));
      } else {
        results.add(
            new BatchItem.Refused(
                status,
                answer.path("error").asString(""),
                answer.path("message").asString(""),
                text(answer, "field")));
      }
    }
    return List.copyOf(results);
  }

  /**
   * The notification with its attempts ({@link Notification#history()}).
   *
   * @throws PaynotifyClientException.NotFound if there is none of that id the token may see
   */
  public Notification get(String id) {
    var call = Call.get("/api/v1/notifications/" + segment(id));
    return read(call, send(call).body(), Notification.class);
  }

  /** One page of the notifications the search matches, newest first. */
  public NotificationPage search(NotificationSearch search) {
    var query = new LinkedHashMap<String, @Nullable Object>();
    query.put("merchantId", search.merchantId());
    query.put("orderNo", search.orderNo());
    query.put("status", search.status());
    query.put("channel", search.channel());
    query.put("from", search.from());
    query.put("to", search.to());
    query.put("retrying", search.retrying() ? "true" : null);
    query.put("size", search.size());
    query.put("before", search.before());
    var call = Call.get("/api/v1/notifications" + queryString(query));
    return read(call, send(call).body(), NotificationPage.class);
  }

  /**
   * Attempts the notification again now, also after it FAILED or was ABANDONED.
   *
   * @throws PaynotifyClientException.Conflict if it SUCCEEDED already
   * @throws PaynotifyClientException.NotFound if there is none of that id the token may see
   */
  public Notification retry(String id) {
    var call =
        new Call(
            "POST",
            "/api/v1/notifications/" + segment(id) + "/retry",
            new byte[0],
            Map.of(),
            false);
    return read(call, send(call).body(), Notification.class);
  }

  /**
   * Stops retrying the notification, keeping {@code reason} (at most 500 characters) with it.
   *
   * @throws PaynotifyClientException.Conflict if it SUCCEEDED already
   * @throws PaynotifyClientException.NotFound if there is none of that id the token may see
   */
  public Notification abandon(String id, String reason) {
    var body = json.writeValueAsBytes(Map.of("reason", reason));
    var call =
        new Call(
            "POST", "/api/v1/notifications/" + segment(id) + "/abandon", body, Map.of(), false);
    return read(call, send(call).body(), Notification.class);
  }

  /** Totals by status, success rate, attempt latency, a series and the backlog. */
  public Stats stats(StatsQuery query) {
    var parameters = new LinkedHashMap<String, @Nullable Object>();
    parameters.put("merchantId", query.merchantId());
    parameters.put("channel", query.channel());
    parameters.put("from", query.from());
    parameters.put("to", query.to());
    parameters.put("bucket", query.bucket());
    var call = Call.get("/api/v1/stats" + queryString(parameters));
    return read(call, send(call).body(), Stats.class);
  }

  /** The statuses, channels and error kinds the server knows. */
  public Meta meta() {
    var call = Call.get("/api/v1/meta");
    return read(call, send(call).body(), Meta.class);
  }

  @Override
  public String toString() {
    return "PaynotifyClient[" + base + "]";
  }

  /** One API call as sent on each try. */
  private record Call(
      String method, String path, byte[] body, Map<String, String> headers, boolean idempotent) {
    static Call get(String path) {
      return new Call("GET", path, new byte[0], Map.of(), true);
    }

    /** How logs and exceptions name the call: method and path, never a header. */
    String name() {
      int query = path.indexOf('?');
      return method + " " + (query < 0 ? path : path.substring(0, query));
    }
  }

  private record Answer(int status, byte[] body) {}

  /**
   * Sends the call, trying again on the backoff schedule; answers 2xx, throws for anything else.
   */
  private Answer send(Call call) {
    var request = request(call);
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        if (!retryable(call, e) || attempt > backoff.maxRetries()) {
          throw new PaynotifyClientException.Unreachable(call.name(), attempt, e);
        }
        pause(call, attempt, backoff.delay(attempt), e.toString());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PaynotifyClientException.Unreachable(call.name(), attempt, e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new Answer(status, response.body());
      }
      // 503 is the server saying its store is down: nothing was written, so any call may be
      // repeated.
      if (status == 503 && attempt <= backoff.maxRetries()) {
        pause(call, attempt, retryAfter(response).orElse(backoff.delay(attempt)), "503");
        continue;
      }
      throw PaynotifyClientException.of(call.name(), problem(status, response.body()));
    }
  }

  /**
   * Whether a try that got no answer may be repeated. The guard clauses, in order, each with why.
   */
  private static boolean retryable(Call call, IOException failure) {
    // The connection never opened, so the server saw nothing: any call may be sent again.
    if (failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException) {
      return true;
    }
    // The server may have done it already; a repeat of an idempotent call only finds what it did.
    if (call.idempotent()) {
      return true;
    }
    // A retry or an abandon that may have run already is not repeated blindly: the caller decides.
    return false;
  }

  private void pause(Call call, int attempt, Duration delay, String why) {
    var capped = delay.compareTo(backoff.max()) > 0 ? backoff.max() : delay;
    log.debug(
        "{} failed ({}), retry {} of {} in {} ms",
        call.name(),
        why,
        attempt,
        backoff.maxRetries(),
        capped.toMillis());
    try {
      Thread.sleep(capped);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaynotifyClientException.Unreachable(call.name(), attempt, e);
    }
  }

  /** A 503's {@code Retry-After} in seconds, when it gives one. */
  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
              } catch (NumberFormatException dateForm) {
                return Optional.empty();
              }
            });
  }

  private HttpRequest request(Call call) {
    var builder =
        HttpRequest.newBuilder(URI.create(base + call.path()))
            .timeout(requestTimeout)
            .header("Authorization", authorization)
            .header("Accept", JSON_TYPE);
    call.headers().forEach(builder::header);
    if (call.method().equals("GET")) {
      return builder.GET().build();
    }
    return builder
        .header("Content-Type", JSON_TYPE)
        .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()))
        .build();
  }

  private Problem problem(int status, byte[] body) {
    try {
      var node = json.readTree(body);
      if (node == null || !node.isObject()) {
        return Problem.bare(status);
      }
      var detail = text(node, "detail");
      return new Problem(
          text(node, "type"),
          text(node, "title"),
          status,
          detail != null ? detail : text(node, "message"),
          text(node, "error"),
          text(node, "field"));
    } catch (JacksonException notJson) {
      return Problem.bare(status);
    }
  }

  private <T> T read(Call call, byte[] body, Class<T> type) {
    try {
      return Objects.requireNonNull(json.readValue(body, type), "empty answer");
    } catch (JacksonException | NullPointerException e) {
      throw new PaynotifyClientException.Unreachable(
          call.name(),
          1,
          new IOException("an answer that is not " + type.getSimpleName() + " JSON", e));
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    var value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static String queryString(Map<String, @Nullable Object> parameters) {
    var joined = new StringBuilder();
    parameters.forEach(
        (name, value) -> {
          if (value != null) {
            joined
                .append(joined.isEmpty() ? '?' : '&')
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
          }
        });
    return joined.toString();
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The key as an RFC 8941 string, the form the Idempotency-Key draft gives: quoted, {@code \} and
   * {@code "} escaped.
   */
  private static String structuredString(String key) {
    return '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Settings of a {@link PaynotifyClient}; the token is required, the rest has defaults. */
  public static final class Builder {
    private final URI base;
    private @Nullable String token;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Backoff backoff = Backoff.DEFAULT;

    private Builder(URI base) {
      if (base.getScheme() == null
          || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
        throw new IllegalArgumentException("base: " + base + " is not an http or https URI");
      }
      this.base = base;
    }

    /**
     * The API token, sent as {@code Authorization: Bearer}; never logged nor shown in an exception.
     */
    public Builder token(String token) {
      if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new IllegalArgumentException("token: must be printable ASCII without spaces");
      }
      this.token = token;
      return this;
    }

    /** How long opening a connection may take; {@link #DEFAULT_CONNECT_TIMEOUT} by default. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive("connectTimeout", connectTimeout);
      return this;
    }

    /** How long one try waits for its answer; {@link #DEFAULT_REQUEST_TIMEOUT} by default. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive("requestTimeout", requestTimeout);
      return this;
    }

    /**
     * How calls are retried after a 503 or a connection failure; {@link Backoff#DEFAULT} by
     * default.
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    /**
     * @throws IllegalStateException if no token was given
     */
    public PaynotifyClient build() {
      if (token == null) {
        throw new IllegalStateException("token: is required");
      }
      return new PaynotifyClient(this, token);
    }

    private static Duration positive(String name, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + ": " + value + " must be positive");
      }
      return value;
    }
  }
}
