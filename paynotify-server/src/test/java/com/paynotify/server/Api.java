package com.paynotify.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client for the server's HTTP API, as a payment platform would call it. */
final class Api {
  static final String TOKEN = "test-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** An answer: its status and its JSON body (empty object when the body is empty). */
  record Answer(int status, JsonNode json, String body) {
    String text(String field) {
      return json.get(field) == null || json.get(field).isNull()
          ? null
          : json.get(field).asString();
    }
  }

  Answer get(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + TOKEN)
            .GET());
  }

  Answer post(String path, String json) {
    return send(request(path, "POST", json));
  }

  Answer put(String path, String json) {
    return send(request(path, "PUT", json));
  }

  /** A form-encoded body, as payment systems that post forms send it. */
  Answer form(String method, String path, String form) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(form)));
  }

  Answer patch(String path, String json) {
    return send(request(path, "PATCH", json));
  }

  Answer send(HttpRequest.Builder request) {
    try {
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      var body = response.body();
      var json =
          body.isBlank() || !(body.startsWith("{") || body.startsWith("["))
              ? JSON.createObjectNode()
              : JSON.readTree(body);
      return new Answer(response.statusCode(), json, body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path, String method, String json) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json));
  }

  HttpRequest.Builder unauthenticated(String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }
}
