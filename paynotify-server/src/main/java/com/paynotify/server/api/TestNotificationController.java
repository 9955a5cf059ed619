package com.paynotify.server.api;

import com.paynotify.Paynotify;
import com.paynotify.TestNotifications;
import com.paynotify.channel.Channel;
import com.paynotify.server.security.AuditTrail;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/merchants/{id}/test-notification}: a sample paid order in a channel's format,
 * signed with the merchant's real keys, sent to the URL given, and the merchant's answer as an
 * attempt would judge it. The URL passes the rules a notify URL passes; nothing is stored. Answered
 * 200 whatever the merchant said: the test ran.
 */
@RestController
class TestNotificationController {
  private final TestNotifications tests;
  private final AuditTrail audit;

  TestNotificationController(Paynotify paynotify, AuditTrail audit) {
    this.tests = paynotify.testNotifications();
    this.audit = audit;
  }

  /** The body of {@code POST /api/v1/merchants/{id}/test-notification}. */
  @Schema(name = "TestNotificationBody")
  record TestNotificationBody(
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {"ALIPAY", "WECHAT_V3", "WECHAT_V2", "WEBHOOK"})
          @Nullable String channel,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              description =
                  "Where to send it: an http(s) URL on one of the merchant's callback hosts")
          @Nullable String url) {}

  /** The request as sent. */
  record SentView(String method, String url, Map<String, String> headers, String body) {}

  /**
   * The merchant's answer.
   *
   * @param httpStatus null when no answer came
   * @param response the start of the body, at most 2048 characters
   * @param acknowledged whether a real attempt would count the answer as the acknowledgement
   */
  @Schema(name = "TestNotificationResult")
  record ResultView(
      String channel,
      SentView request,
      @Nullable Integer httpStatus,
      @Nullable String response,
      long durationMs,
      boolean acknowledged,
      @Nullable String errorKind,
      @Nullable String reason) {}

  @PostMapping("/api/v1/merchants/{id}/test-notification")
  ResultView send(
      @PathVariable String id,
      @RequestBody(required = false) @Nullable String body,
      HttpServletRequest http) {
    CallerScope.of(http).requireVisibleMerchant(id);
    var bound = JsonBodies.read(body, TestNotificationBody.class);
    var channel = JsonBodies.requiredEnum("channel", bound.channel(), Channel.class);
    var url = JsonBodies.required("url", bound.url());
    var result = tests.send(id, channel, url);
    audit.record(
        "merchant.test-notification",
        id,
        "channel",
        channel,
        "url",
        url,
        "httpStatus",
        result.httpStatus(),
        "acknowledged",
        result.acknowledged());
    var callback = result.callback();
    var headers = new TreeMap<String, String>(callback.headers());
    headers.put("Content-Type", callback.contentType());
    return new ResultView(
        channel.name(),
        new SentView("POST", result.url(), headers, callback.bodyText()),
        result.httpStatus(),
        result.response(),
        result.duration().toMillis(),
        result.acknowledged(),
        result.errorKind() == null ? null : result.errorKind().name(),
        result.reason());
  }
}
