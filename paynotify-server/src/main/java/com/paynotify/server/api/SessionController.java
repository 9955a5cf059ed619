package com.paynotify.server.api;

import com.paynotify.server.i18n.ApiLanguage;
import com.paynotify.server.i18n.ErrorMessages;
import com.paynotify.server.security.Caller;
import com.paynotify.server.security.ConsoleLogin;
import com.paynotify.server.security.SessionPaths;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
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
 * who is logged in, log out. The answer carries the CSRF token the console must send as {@code
 * X-CSRF-Token} with every change. {@code GET /api/v1/session/sso} lists the single sign-on
 * providers the login page offers.
 */
@RestController
class SessionController {
  private final ConsoleLogin login;
  private final ErrorMessages messages;

  SessionController(ConsoleLogin login, ErrorMessages messages) {
    this.login = login;
    this.messages = messages;
  }

  /** The body of {@code POST /api/v1/session}: a token, or a user name and password. */
  @Schema(name = "LoginRequestBody", description = "Either token, or username and password")
  record LoginBody(
      @Schema(writeOnly = true) @Nullable String token,
      @Nullable String username,
      @Schema(writeOnly = true) @Nullable String password) {}

  /** Who is logged in, and the session's CSRF token. */
  record SessionView(String name, String role, @Nullable String csrfToken) {}

  /** The single sign-on providers: where each one's login starts; none unless configured. */
  record SingleSignOnView(List<ConsoleLogin.SingleSignOn> providers) {}

  @PostMapping(SessionPaths.LOGIN)
  ResponseEntity<?> login(
      @RequestBody(required = false) @Nullable String body,
      HttpServletRequest request,
      HttpServletResponse response) {
    var bound = JsonBodies.read(body, LoginBody.class);
    var token = JsonBodies.optional("token", bound.token());
    var outcome =
        token != null
            ? login.withToken(token, request, response)
            : login.withPassword(
                JsonBodies.required("username", bound.username()),
                JsonBodies.required("password", bound.password()),
                request,
                response);
    return switch (outcome) {
      case ConsoleLogin.Throttled wait -> {
        var seconds = Long.toString(Math.max(1, wait.retryAfter().plusMillis(999).toSeconds()));
        var problem =
            ApiErrors.problem(
                HttpStatus.TOO_MANY_REQUESTS,
                new ApiError(
                    "TOO_MANY_ATTEMPTS",
                    messages.get(request, "error.too-many-attempts", held(request, wait), seconds),
                    null));
        yield ResponseEntity.status(problem.getStatusCode())
            .headers(problem.getHeaders())
            .header("Retry-After", seconds)
            .body(problem.getBody());
      }
      case ConsoleLogin.Refused refused ->
          ApiErrors.problem(
              HttpStatus.UNAUTHORIZED,
              new ApiError("UNAUTHORIZED", messages.get(request, "error.login-failed"), null));
      case ConsoleLogin.LoggedIn in ->
          ResponseEntity.ok(
              new SessionView(in.caller().name(), in.caller().role().label(), in.csrfToken()));
    };
  }

  @GetMapping(SessionPaths.LOGIN)
  SessionView current(HttpServletRequest request) {
    var caller = Caller.of(request);
    return new SessionView(caller.name(), caller.role().label(), login.csrfToken(request));
  }

  @DeleteMapping(SessionPaths.LOGIN)
  ResponseEntity<Void> logout(HttpServletRequest request) {
    login.logOut(request);
    return ResponseEntity.noContent().build();
  }

  @GetMapping(SessionPaths.SINGLE_SIGN_ON)
  SingleSignOnView singleSignOn() {
    return new SingleSignOnView(login.singleSignOn());
  }

  /** Who the throttle holds ("this address"), in the request's language. */
  private String held(HttpServletRequest request, ConsoleLogin.Throttled wait) {
    return messages.thing(ApiLanguage.of(request), wait.reason());
  }
}
