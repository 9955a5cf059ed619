package com.paynotify.http;

import com.paynotify.HostResolver;
import com.paynotify.channel.Callback;
import com.paynotify.delivery.Exchange;
import com.paynotify.delivery.NetworkPolicy;
import com.paynotify.delivery.Transport;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Sends callbacks with Apache HttpClient 5 over pooled keep-alive connections. Redirects are
 * returned, never followed; every dialled address passes the {@link NetworkPolicy}; each request
 * has a hard deadline covering connect, send and the whole answer.
 */
public final class HttpClient5Transport implements Transport {
  /**
   * Bytes of the answer read at most: enough for the kept 2 KiB of text, bounded for a hostile
   * body.
   */
  private static final int MAX_READ_BYTES = 8 * 1024;

  private static final String USER_AGENT = "Paynotify/0.1";

  private final NetworkPolicy policy;
  private final CloseableHttpClient client;
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("paynotify-http-deadlines").daemon().factory());

  /**
   * @param maxConnections connections kept in all
   * @param maxPerHost connections kept per merchant host; match the dispatcher's per-host limit
   */
  public HttpClient5Transport(NetworkPolicy policy, int maxConnections, int maxPerHost) {
    this(policy, HostResolver.SYSTEM, maxConnections, maxPerHost);
  }

  /**
   * As {@link #HttpClient5Transport(NetworkPolicy, int, int)}, resolving merchant hosts with {@code
   * resolver}; fits {@link Transport.Factory}, so {@code HttpClient5Transport::new} opens the
   * engine's transport.
   */
  public HttpClient5Transport(
      NetworkPolicy policy, HostResolver resolver, int maxConnections, int maxPerHost) {
    this.policy = policy;
    var connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new PolicedDnsResolver(policy, resolver))
            .setMaxConnTotal(maxConnections)
            .setMaxConnPerRoute(maxPerHost)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom().setTimeToLive(Timeout.ofMinutes(5)).build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent(USER_AGENT)
            .build();
  }

  @Override
  public Exchange send(URI url, Callback callback, Duration timeout) {
    long start = System.nanoTime();
    var literal = blockedLiteral(url.getHost());
    if (literal != null) {
      return new Exchange.Failed(ErrorKind.BLOCKED_ADDRESS, literal, Duration.ZERO);
    }
    var post = new HttpPost(url);
    post.setConfig(
        RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.of(timeout))
            .setConnectTimeout(Timeout.of(timeout))
            .setResponseTimeout(Timeout.of(timeout))
            .setRedirectsEnabled(false)
            .build());
    callback.headers().forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(callback.body(), ContentType.parse(callback.contentType())));
    // The socket timeouts bound each read; this bounds the whole exchange against a slow drip.
    var deadline =
        deadlines.schedule(() -> post.cancel(), timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return client.execute(post, response -> answered(response, start));
    } catch (IOException e) {
      var kind = post.isCancelled() ? ErrorKind.TIMEOUT : ErrorClassification.kindOf(e);
      var message =
          post.isCancelled()
              ? "no complete answer within " + timeout
              : ErrorClassification.describe(e);
      return new Exchange.Failed(kind, message, elapsed(start));
    } catch (RuntimeException e) {
      // A deadline that fires while the request still waits for a pooled connection or is being
      // connected surfaces as CancellationException or IllegalStateException, not IOException: it
      // is the same timeout, not a fault of ours.
      if (!post.isCancelled()) {
        throw e;
      }
      return new Exchange.Failed(
          ErrorKind.TIMEOUT, "no complete answer within " + timeout, elapsed(start));
    } finally {
      deadline.cancel(false);
    }
  }

  private Exchange.Answered answered(ClassicHttpResponse response, long start) throws IOException {
    var body = "";
    if (response.getEntity() != null) {
      try (InputStream in = response.getEntity().getContent()) {
        body = new String(in.readNBytes(MAX_READ_BYTES), StandardCharsets.UTF_8);
      }
    }
    var retryAfter = response.getFirstHeader("Retry-After");
    return new Exchange.Answered(
        response.getCode(),
        Attempt.truncate(body),
        retryAfter == null ? null : retryAfter(retryAfter.getValue()),
        elapsed(start));
  }

  /** A Retry-After value: delay seconds or an HTTP date; null when it is neither. */
  static @Nullable Duration retryAfter(String value) {
    var trimmed = value.trim();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        var at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        var delay = Duration.between(java.time.Instant.now(), at);
        return delay.isNegative() ? Duration.ZERO : delay;
      } catch (java.time.format.DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /** An IP-literal host the policy refuses, described; null for names and permitted literals. */
  private @Nullable String blockedLiteral(String host) {
    var bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!bare.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      return null;
    }
    try {
      var address = InetAddress.getByName(bare);
      return policy.permits(address)
          ? null
          : bare + " is a non-public address callbacks may not go to";
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    try {
      client.close();
    } catch (IOException e) {
      // Closing idle connections; nothing is lost if it fails.
    }
  }
}
