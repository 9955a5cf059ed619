package com.paynotify.alert;

import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts each alert change to the configured URLs as a Standard Webhooks event, {@code
 * {id, type, timestamp, data}} with {@code type} {@code alert.opened} or {@code alert.resolved},
 * signed with one secret. Each post runs on its own virtual thread and is tried once; a failure is
 * logged, and the alert stays listed by {@link Alerts}.
 */
public final class WebhookAlertSink implements AlertSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookAlertSink.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final List<URI> urls;
  private final WebhookSecret secret;
  private final InstantSource clock;
  private final HttpClient http;
  private final ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor();

  public WebhookAlertSink(List<URI> urls, WebhookSecret secret, InstantSource clock) {
    this.urls = List.copyOf(urls);
    this.secret = secret;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).executor(posts).build();
  }

  @Override
  public void publish(Alert alert) {
    var id = "evt_" + UUID.randomUUID().toString().replace("-", "");
    var timestamp = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    var data = new LinkedHashMap<String, Object>();
    data.put("id", alert.id());
    data.put("kind", alert.kind().name());
    data.put("merchantId", alert.merchantId());
    data.put("message", alert.message());
    data.put("openedAt", alert.openedAt().toString());
    data.put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
    var event = new LinkedHashMap<String, Object>();
    event.put("id", id);
    event.put("type", alert.open() ? "alert.opened" : "alert.resolved");
    event.put("timestamp", timestamp.toString());
    event.put("data", data);
    var body = JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
    var signature = WebhookSignature.sign(List.of(secret), id, timestamp, body);
    for (var url : urls) {
      posts.execute(() -> post(url, id, timestamp.getEpochSecond(), signature, body));
    }
  }

  private void post(URI url, String id, long timestamp, String signature, byte[] body) {
    var request = HttpRequest.newBuilder(url)
        .timeout(DEFAULT_TIMEOUT)
        .header("Content-Type", "application/json")
        .header(WebhookSignature.ID_HEADER, id)
        .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
        .header(WebhookSignature.SIGNATURE_HEADER, signature)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        log.warn("Alert event {} to {} was answered HTTP {}; not retried", id, url, response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("Could not post alert event {} to {} ({}); not retried", id, url, e.toString());
    }
  }

  /** Waits for posts in progress to finish. */
  @Override
  public void close() {
    posts.close();
    http.close();
  }
}
