package com.paynotify.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Finds the caller of a request: the bearer token's, for this request only; or else the console
 * session's, which ends here once the token it was opened with is revoked. Wrong credentials are
 * answered at once; no credentials leave the request anonymous for the rules to decide.
 */
final class CallerFilter extends OncePerRequestFilter {
  private static final String BEARER = "Bearer ";

  private final TokenCallers tokens;
  private final AuthenticationEntryPoint refusals;

  CallerFilter(TokenCallers tokens, AuthenticationEntryPoint refusals) {
    this.tokens = tokens;
    this.refusals = refusals;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return SessionPaths.isLogin(request); // logging in is how a caller comes to be
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var contexts = SecurityContextHolder.getContextHolderStrategy();
    var header = request.getHeader("Authorization");
    if (header != null) {
      if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        refusals.commence(
            request, response, new JsonRefusals.RefusedCredentials("error.unauthorized-scheme"));
        return;
      }
      var caller = tokens.byToken(header.substring(BEARER.length()).strip());
      if (caller.isEmpty()) {
        refusals.commence(
            request, response, new JsonRefusals.RefusedCredentials("error.unauthorized-token"));
        return;
      }
      var context = contexts.createEmptyContext();
      context.setAuthentication(new CallerAuthentication(caller.get()));
      contexts.setContext(context); // never saved: a bearer token opens no session
    } else if (contexts.getContext().getAuthentication() instanceof CallerAuthentication session
        && !tokens.stillValid(session.caller())) {
      var httpSession = request.getSession(false);
      if (httpSession != null) {
        httpSession.invalidate();
      }
      contexts.clearContext();
    }
    chain.doFilter(request, response);
  }
}
