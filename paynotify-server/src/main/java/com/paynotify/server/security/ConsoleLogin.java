package com.paynotify.server.security;

import com.paynotify.server.security.ConsoleUsers.ConsoleUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * The console's login with a token or a username and password, under the {@link LoginThrottle}: a
 * success opens a new session (a fresh id: no session fixation) with a new CSRF token.
 */
public final class ConsoleLogin {
  private final AuthenticationManager passwords;
  private final TokenCallers tokens;
  private final LoginThrottle throttle;
  private final AuditTrail audit;
  private final SecurityContextRepository contexts;
  private final CsrfTokenRepository csrfTokens;
  private final List<SingleSignOn> singleSignOn;

  ConsoleLogin(
      AuthenticationManager passwords,
      TokenCallers tokens,
      LoginThrottle throttle,
      AuditTrail audit,
      SecurityContextRepository contexts,
      CsrfTokenRepository csrfTokens,
      List<SingleSignOn> singleSignOn) {
    this.passwords = passwords;
    this.tokens = tokens;
    this.throttle = throttle;
    this.audit = audit;
    this.contexts = contexts;
    this.csrfTokens = csrfTokens;
    this.singleSignOn = List.copyOf(singleSignOn);
  }

  /** How a login ended. */
  public sealed interface Outcome permits LoggedIn, Refused, Throttled {}

  /** In: the session is open, and changes made with it need {@code csrfToken}. */
  public record LoggedIn(Caller caller, String csrfToken) implements Outcome {}

  /** Wrong credentials; the answer does not say which part was wrong. */
  public record Refused() implements Outcome {}

  /**
   * Not checked: too many failures for {@code reason} ("this address"); try again after {@code
   * retryAfter}.
   */
  public record Throttled(Duration retryAfter, String reason) implements Outcome {}

  /** A single sign-on provider the console offers: its name and where its login starts. */
  public record SingleSignOn(String name, String url) {}

  public Outcome withToken(String token, HttpServletRequest request, HttpServletResponse response) {
    return logIn(
        null, "token", "with a token", () -> tokens.byToken(token.strip()), request, response);
  }

  public Outcome withPassword(
      String username, String password, HttpServletRequest request, HttpServletResponse response) {
    return logIn(
        username,
        "user:" + username,
        "with a password",
        () -> byPassword(username, password),
        request,
        response);
  }

  /** Ends the session, if there is one. */
  public void logOut(HttpServletRequest request) {
    var session = request.getSession(false);
    if (session != null) {
      audit.record("session.logout", null);
      session.invalidate();
    }
    SecurityContextHolder.clearContext();
  }

  /** The current session's CSRF token, or null without a session. */
  public @Nullable String csrfToken(HttpServletRequest request) {
    var token = csrfTokens.loadToken(request);
    return token == null ? null : token.getToken();
  }

  public List<SingleSignOn> singleSignOn() {
    return singleSignOn;
  }

  private Outcome logIn(
      @Nullable String account,
      String attempted,
      String how,
      Supplier<Optional<Caller>> check,
      HttpServletRequest request,
      HttpServletResponse response) {
    // Behind a proxy this is the client only under server.forward-headers-strategy
    // (docs/console.md).
    var client = request.getRemoteAddr();
    switch (throttle.begin(account, client)) {
      case LoginThrottle.Wait wait -> {
        return new Throttled(wait.retryAfter(), wait.reason());
      }
      case LoginThrottle.Check attempt -> {
        try (attempt) {
          var caller = check.get();
          if (caller.isPresent()) {
            attempt.succeeded();
            return new LoggedIn(caller.get(), open(caller.get(), how, request, response));
          }
          var shownClient =
              client.length() > 64
                  ? client.substring(0, 64)
                  : client; // a proxy's header may hold anything
          switch (attempt.failed()) {
            case RECORD ->
                audit.record(attempted, "session.login-failed", null, "from " + shownClient);
            case RECORD_LAST ->
                audit.record(
                    attempted,
                    "session.login-failed",
                    null,
                    "from "
                        + shownClient
                        + "; the failed logins after this one in the window are not recorded");
            case SKIP -> {}
          }
          return new Refused();
        }
      }
    }
  }

  private Optional<Caller> byPassword(String username, String password) {
    try {
      var authenticated =
          passwords.authenticate(
              UsernamePasswordAuthenticationToken.unauthenticated(username, password));
      var user = (ConsoleUser) authenticated.getPrincipal();
      return Optional.of(new Caller("user:" + user.username(), user.role(), null));
    } catch (AuthenticationException e) {
      return Optional.empty();
    }
  }

  /** Opens a new session for {@code caller}, audited; returns its CSRF token. */
  String open(Caller caller, String how, HttpServletRequest request, HttpServletResponse response) {
    var old = request.getSession(false);
    if (old != null) {
      old.invalidate(); // a fresh id and nothing carried over: no session fixation
    }
    request.getSession(true);
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new CallerAuthentication(caller));
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    var csrf = csrfTokens.generateToken(request);
    csrfTokens.saveToken(csrf, request, response);
    audit.record(caller.name(), "session.login", null, how);
    return csrf.getToken();
  }
}
