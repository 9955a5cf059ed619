package com.paynotify.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/** Where the console logs in and out, and learns of single sign-on. */
public final class SessionPaths {
  public static final String LOGIN = "/api/v1/session";
  public static final String SINGLE_SIGN_ON = "/api/v1/session/sso";
  private static final RequestMatcher LOGGING_IN =
      PathPatternRequestMatcher.withDefaults()
          .matcher(org.springframework.http.HttpMethod.POST, LOGIN);

  private SessionPaths() {}

  static boolean isLogin(HttpServletRequest request) {
    return LOGGING_IN.matches(request);
  }
}
