package com.paynotify.server.api;

import com.paynotify.access.AuditEntry;
import com.paynotify.access.AuditLog;
import com.paynotify.server.i18n.ApiLanguage;
import com.paynotify.server.i18n.ErrorMessages;
import com.paynotify.server.security.AccessFilter;
import com.paynotify.server.security.Authenticator;
import com.paynotify.server.security.Caller;
import com.paynotify.server.security.LoginThrottle;
import com.paynotify.server.security.SessionPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's session: log in with {@code {"token"}} or {@code {"username", "password"}}, read
 * who is logged in, log out. The answer carries the CSRF token the console must send as {@value
 * AccessFilter#CSRF_HEADER} with every change.
 */
@RestController
class SessionController {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Authenticator authenticator;
  private final AuditLog audit;
  private final InstantSource clock;

  private final LoginThrottle throttle;
  private final ErrorMessages messages;

  SessionController(Authenticator authenticator, AuditLog audit, InstantSource clock, LoginThrottle throttle, ErrorMessages messages) {
    this.authenticator = authenticator;
    this.audit = audit;
    this.clock = clock;
    this.throttle = throttle;
    this.messages = messages;
  }

  /** Who is logged in, and the session's CSRF token. */
  record SessionView(String name, String role, @Nullable String csrfToken) {}

  @PostMapping(SessionPaths.LOGIN)
  ResponseEntity<?> login(@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
    var fields = JsonFields.of(body);
    var token = fields.optionalString("token");
    var username = token != null ? null : fields.requiredString("username");
    var password = token != null ? null : fields.requiredString("password");
    // Behind a proxy this is the client only under server.forward-headers-strategy (docs/console.md).
    var client = request.getRemoteAddr();
    var shownClient = client.length() > 64 ? client.substring(0, 64) : client; // a proxy's header may hold anything
    Optional<Caller> caller;
    String attempted;
    switch (throttle.begin(username, client)) {
      case LoginThrottle.Wait wait -> {
        var seconds = Long.toString(Math.max(1, wait.retryAfter().plusMillis(999).toSeconds()));
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
            .header("Retry-After", seconds)
            .body(new ApiError("TOO_MANY_ATTEMPTS", messages.get(request, "error.too-many-attempts", held(request, wait), seconds), null));
      }
      case LoginThrottle.Check check -> {
        try (check) {
          if (token != null) {
            caller = authenticator.byToken(token.strip());
            attempted = "token";
          } else {
            caller = authenticator.byPassword(username, password);
            attempted = "user:" + username;
          }
          if (caller.isPresent()) {
            check.succeeded();
          } else {
            switch (check.failed()) {
              case RECORD -> audit.record(AuditEntry.of(clock.instant(), attempted, "session.login-failed", null, "from " + shownClient));
              case RECORD_LAST -> audit.record(AuditEntry.of(clock.instant(), attempted, "session.login-failed", null,
                  "from " + shownClient + "; the failed logins after this one in the window are not recorded"));
              case SKIP -> {}
            }
          }
        }
      }
    }
    if (caller.isEmpty()) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .body(new ApiError("UNAUTHORIZED", messages.get(request, "error.login-failed"), null));
    }
    var old = request.getSession(false);
    if (old != null) {
      old.invalidate(); // a fresh id at every login: no session fixation
    }
    var session = request.getSession(true);
    var csrf = randomToken();
    session.setAttribute(AccessFilter.SESSION_CALLER, caller.get());
    session.setAttribute(AccessFilter.SESSION_CSRF, csrf);
    audit.record(AuditEntry.of(clock.instant(), caller.get().name(), "session.login", null, "with " + (token != null ? "a token" : "a password")));
    return ResponseEntity.ok(new SessionView(caller.get().name(), caller.get().role().label(), csrf));
  }

  @GetMapping(SessionPaths.LOGIN)
  SessionView current(HttpServletRequest request) {
    var caller = Caller.of(request);
    var session = request.getSession(false);
    var csrf = session == null ? null : (String) session.getAttribute(AccessFilter.SESSION_CSRF);
    return new SessionView(caller.name(), caller.role().label(), csrf);
  }

  @DeleteMapping(SessionPaths.LOGIN)
  ResponseEntity<Void> logout(HttpServletRequest request) {
    var session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    return ResponseEntity.noContent().build();
  }

  /** Who the throttle holds ("this address"), in the request's language. */
  private String held(HttpServletRequest request, LoginThrottle.Wait wait) {
    return messages.thing(ApiLanguage.of(request), wait.reason());
  }

  private static String randomToken() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
