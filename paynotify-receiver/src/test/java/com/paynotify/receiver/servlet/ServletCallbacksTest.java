package com.paynotify.receiver.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.WebhookSecret;
import com.paynotify.receiver.NotificationReceiver;
import com.paynotify.receiver.Outcome;
import com.paynotify.receiver.Reply;
import com.paynotify.receiver.WebhookVerifier;
import com.paynotify.receiver.jdbc.JdbcIdempotencyStore;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServletCallbacksTest {

  /** A request with these headers and body; every other method is unsupported. */
  static HttpServletRequest request(Map<String, String> headers, byte[] body) {
    var in = new ByteArrayInputStream(body);
    var stream =
        new ServletInputStream() {
          @Override
          public int read() {
            return in.read();
          }

          @Override
          public boolean isFinished() {
            return in.available() == 0;
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setReadListener(ReadListener listener) {}
        };
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HttpServletRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                  case "getHeader" -> headers.get((String) args[0]);
                  case "getInputStream" -> stream;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  /** A response that records status, content type and body. */
  static final class RecordingResponse {
    final Map<String, Object> recorded = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    HttpServletResponse proxy() {
      var out =
          new ServletOutputStream() {
            @Override
            public void write(int b) {
              body.write(b);
            }

            @Override
            public boolean isReady() {
              return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}
          };
      return (HttpServletResponse)
          Proxy.newProxyInstance(
              HttpServletResponse.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "setStatus", "setContentType", "setContentLength" ->
                      recorded.put(method.getName(), args[0]);
                  case "getOutputStream" -> {
                    return out;
                  }
                  case "flushBuffer" -> {}
                  default -> throw new UnsupportedOperationException(method.getName());
                }
                return null;
              });
    }
  }

  @Test
  void theRawBodyBytesAndHeadersAreReadUnchanged() throws Exception {
    var body = "{\"amount\":\"100.00\"}".getBytes(StandardCharsets.UTF_8);

    var callback = ServletCallbacks.read(request(Map.of("Webhook-Id", "evt_1"), body));

    assertThat(callback.body()).isEqualTo(body);
    assertThat(callback.header("webhook-id")).contains("evt_1");
  }

  @Test
  void aBodyOverTheReceiversLimitIsAnsweredWithTheRejectionInsteadOfAnException() throws Exception {
    var dataSource = new HikariDataSource();
    dataSource.setJdbcUrl("jdbc:h2:mem:servlet_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    var store = JdbcIdempotencyStore.create(dataSource);
    store.createSchemaIfMissing();
    var secret = WebhookSecret.generate();
    var response = new RecordingResponse();
    var runs = new AtomicInteger();
    try (var receiver =
        NotificationReceiver.builder(
                WebhookVerifier.of(List.of(secret), InstantSource.system()), store)
            .maxBodyBytes(1024)
            .build()) {
      var body = new byte[10 * 1024];

      var receipt =
          ServletCallbacks.handle(
              receiver,
              request(Map.of("webhook-id", "evt_big"), body),
              response.proxy(),
              n -> runs.incrementAndGet());

      assertThat(receipt.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(response.recorded).containsEntry("setStatus", 400);
      assertThat(response.body.toString(StandardCharsets.UTF_8))
          .isEqualTo("body is over the 1024-byte limit");
      assertThat(runs).hasValue(0);
    } finally {
      dataSource.close();
    }
  }

  @Test
  void theReplyIsWrittenWithItsStatusTypeAndBody() throws Exception {
    var response = new RecordingResponse();

    ServletCallbacks.write(new Reply(200, "text/plain;charset=UTF-8", "success"), response.proxy());

    assertThat(response.recorded)
        .containsEntry("setStatus", 200)
        .containsEntry("setContentType", "text/plain;charset=UTF-8");
    assertThat(response.body.toString(StandardCharsets.UTF_8)).isEqualTo("success");
  }
}
