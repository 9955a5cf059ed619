package com.paynotify.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The load clients' way to the server's API: Apache HttpClient 5 (classic) over pooled keep-alive
 * connections, as the ceiling's senders and the server's own deliveries use. The JDK's {@code
 * java.net.http.HttpClient} cost about twice its CPU per request, taken from the server on a
 * machine whose cores they share.
 */
final class ApiClient implements AutoCloseable {
  /** An answer: its status and body. */
  record Answer(int statusCode, String body) {}

  private final CloseableHttpClient client;
  private final String bearer;

  ApiClient(String token, int connections) {
    var pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(connections)
            .setMaxConnPerRoute(connections)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5)).build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableRedirectHandling()
            .disableAuthCaching()
            .build();
    this.bearer = "Bearer " + token;
  }

  /** The answer, or null when none came within {@code timeout}. */
  @Nullable Answer send(String url, String method, @Nullable String json, Duration timeout) {
    var request = new HttpUriRequestBase(method, java.net.URI.create(url));
    request.setConfig(
        RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.of(timeout))
            .setResponseTimeout(Timeout.of(timeout))
            .build());
    request.setHeader("Authorization", bearer);
    if (json != null) {
      request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    }
    try {
      return client.execute(
          request,
          response ->
              new Answer(
                  response.getCode(),
                  response.getEntity() == null
                      ? ""
                      : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + url + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
