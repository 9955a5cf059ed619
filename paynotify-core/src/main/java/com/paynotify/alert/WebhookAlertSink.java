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
 * Posts each alert change to the configured URLs as a Standard Webhooks event, {@code {id, type,
 * timestamp, data}} with {@code type} {@code alert.opened} or {@code alert.resolved}, signed with
 * one secret. Each post runs on its own virtual thread and is tried once; a failure is logged, and
 * the alert stays listed by {@link Alerts}. A URL is logged as {@link #shown(URI)}, its scheme and
 * host only: Slack-style URLs carry their secret in the path.
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
  // The client's own: were it the posts executor, closing that would fail the posts it waits for.
  private final ExecutorService client = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * A sink posting to {@code urls}.
   *
   * @throws IllegalArgumentException naming {@code urls[i]}, shown without its path, when a URL is
   *     not absolute http(s) with a host
   */
  public WebhookAlertSink(List<URI> urls, WebhookSecret secret, InstantSource clock) {
    for (int i = 0; i < urls.size(); i++) {
      var url = urls.get(i);
      var scheme =
          url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
        throw new IllegalArgumentException(
            "urls[" + i + "]: must be an http or https URL with a host, got " + shown(url));
      }
    }
    this.urls = List.copyOf(urls);
    this.secret = secret;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).executor(client).build();
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
    try {
      var request =
          HttpRequest.newBuilder(url)
              .timeout(DEFAULT_TIMEOUT)
              .header("Content-Type", "application/json")
              .header(WebhookSignature.ID_HEADER, id)
              .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
              .header(WebhookSignature.SIGNATURE_HEADER, signature)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      var response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        log.warn(
            "Alert event {} to {} was answered HTTP {}; not retried",
            id,
            shown(url),
            response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Not the exception itself: its message or stack could quote the whole URL.
      log.warn(
          "Could not post alert event {} to {} ({}: {}); not retried",
          id,
          shown(url),
          e.getClass().getSimpleName(),
          scrubbed(e.getMessage(), url));
    }
  }

  /**
   * How an alert URL is shown in logs, errors and answers: scheme, host and port, with {@code /…}
   * standing for any path, query or fragment, which may hold a secret ({@code
   * https://hooks.slack.com/…}).
   */
  public static String shown(URI url) {
    if (url.getHost() == null) {
      return url.getScheme() == null ? "(not an absolute URL)" : url.getScheme() + ":…";
    }
    var shown = new StringBuilder();
    shown.append(url.getScheme()).append("://").append(url.getHost());
    if (url.getPort() != -1) {
      shown.append(':').append(url.getPort());
    }
    var rest = url.getRawPath();
    if ((rest != null && !rest.isEmpty() && !rest.equals("/"))
        || url.getRawQuery() != null
        || url.getRawFragment() != null) {
      shown.append("/…");
    }
    return shown.toString();
  }

  /** The text with the URL, and its path on its own, replaced by its shown form. */
  private static String scrubbed(String text, URI url) {
    if (text == null) {
      return "";
    }
    var scrubbed = text.replace(url.toString(), shown(url));
    var path = url.getRawPath();
    if (path != null && path.length() > 1) {
      scrubbed = scrubbed.replace(path, "/…");
    }
    return scrubbed;
  }

  /** Waits for posts in progress to finish. */
  @Override
  public void close() {
    posts.close();
    http.close();
    client.close();
  }
}
