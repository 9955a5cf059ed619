package com.paynotify.server.security;

import com.paynotify.server.api.ApiError;
import com.paynotify.server.api.Problem;
import com.paynotify.server.i18n.ErrorMessages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.util.UrlPathHelper;

/**
 * The API's answers to a caller it does not know (401, asking for a bearer token) and to one it
 * refuses (403: a missing CSRF token, or a role without the right), as problem details ({@link
 * Problem}) with the {@code error} code and the message in the request's language.
 */
final class JsonRefusals
    implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {
  static final String CSRF_HEADER = "X-CSRF-Token";

  private final ErrorMessages messages;

  JsonRefusals(ErrorMessages messages) {
    this.messages = messages;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    var key = e instanceof RefusedCredentials refused ? refused.key() : "error.unauthorized";
    response.setHeader("WWW-Authenticate", "Bearer");
    write(response, 401, "UNAUTHORIZED", messages.get(request, key));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    if (e instanceof CsrfException) {
      write(response, 403, "CSRF", messages.get(request, "error.csrf", CSRF_HEADER));
      return;
    }
    // Decoded and without ;parameters, as Spring MVC and the rules match it.
    var path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    write(
        response,
        403,
        "FORBIDDEN",
        messages.get(
            request,
            "error.forbidden",
            Caller.current().role().label(),
            request.getMethod(),
            path));
  }

  /**
   * A path the firewall refuses (encoded control characters, {@code %25}, ...) is a client error in
   * our shape.
   */
  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
      throws IOException {
    write(response, 400, "INVALID_PATH", messages.get(request, "error.invalid-path"));
  }

  static void write(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    Problem.write(response, status, new ApiError(code, message, null));
  }

  /** Credentials that were presented and are wrong; the message under the key says how. */
  static final class RefusedCredentials extends AuthenticationException {
    private final String key;

    RefusedCredentials(String key) {
      super(key);
      this.key = key;
    }

    String key() {
      return key;
    }
  }
}
