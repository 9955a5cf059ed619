package com.paynotify.server.api;

import com.paynotify.Paynotify;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/notifications/{id}/callback}: the callback as it would be sent now, signed
 * with the merchant's current keys, and as a {@code curl} command for the merchant's developers. A
 * signature made now differs from the one sent earlier only by its timestamp and nonce.
 */
@RestController
class CallbackController {
  private final Paynotify paynotify;

  CallbackController(Paynotify paynotify) {
    this.paynotify = paynotify;
  }

  record CallbackView(
      String method, String url, Map<String, String> headers, String body, String curl) {}

  @GetMapping("/api/v1/notifications/{id}/callback")
  CallbackView callback(@PathVariable String id, HttpServletRequest http) {
    var n = CallerScope.of(http).visible(id, paynotify.get(id).notification());
    var signed = paynotify.preview().of(n);
    var callback = signed.callback();
    var headers = new TreeMap<String, String>(callback.headers());
    headers.put("Content-Type", callback.contentType());
    var body = callback.bodyText();
    var curl =
        "curl -X POST "
            + quote(signed.url())
            + headers.entrySet().stream()
                .map(h -> " \\\n  -H " + quote(h.getKey() + ": " + h.getValue()))
                .collect(Collectors.joining())
            + " \\\n  --data-binary "
            + quote(body);
    return new CallbackView("POST", signed.url(), headers, body, curl);
  }

  /** Single-quoted for a POSIX shell: nothing inside is special but the quote itself. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
