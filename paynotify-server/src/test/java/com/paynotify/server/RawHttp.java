package com.paynotify.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain socket, one connection per request, sending the request target and body
 * byte for byte: what {@code java.net.http} refuses to send (a lone {@code %} in a query string,
 * invalid UTF-8) is exactly what a hostile client sends.
 */
final class RawHttp {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /** An answer; {@code json} is null when the body is not JSON. */
  record Answer(int status, Map<String, String> headers, String body, JsonNode json) {
    String text(String field) {
      return json == null || json.get(field) == null || json.get(field).isNull()
          ? null
          : json.get(field).asString();
    }
  }

  Answer send(String method, String target, Map<String, String> headers, byte[] body) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(30_000);
      var head =
          new StringBuilder()
              .append(method)
              .append(' ')
              .append(target)
              .append(" HTTP/1.1\r\n")
              .append("Host: 127.0.0.1:")
              .append(port)
              .append("\r\n")
              .append("Connection: close\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      if (body.length > 0 || !method.equals("GET")) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      var out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + cut(target), e);
    }
  }

  /** Reads one answer, as far as its framing says: it does not wait for the connection to close. */
  static Answer read(InputStream in) throws IOException {
    var headers = new LinkedHashMap<String, String>();
    var statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    for (var header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).strip());
    }
    byte[] content;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      var out = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16);
          size > 0;
          size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
        out.write(in.readNBytes(size));
        line(in);
      }
      content = out.toByteArray();
    } else if (headers.containsKey("content-length")) {
      content = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      content = in.readAllBytes();
    }
    var body = new String(content, StandardCharsets.UTF_8);
    JsonNode json = null;
    if (body.startsWith("{") || body.startsWith("[")) {
      try {
        json = JSON.readTree(body);
      } catch (JacksonException e) {
        json = null;
      }
    }
    return new Answer(status, headers, body, json);
  }

  private static String line(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException(
            "the answer ended early: " + line.toString(StandardCharsets.ISO_8859_1));
      }
      line.write(b);
    }
    var text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  static String cut(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…(" + text.length() + ")";
  }
}
