package com.paynotify.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the caller of an {@code /actuator/} request known to the actuator, which shows health
 * details only to a principal in the role {@code management.endpoint.health.roles} names (ADMIN).
 * Probes and scrapers call without a token and get the status alone; a wrong token is refused.
 */
final class ActuatorCaller extends OncePerRequestFilter {
  private static final String BEARER = "Bearer ";

  private final Authenticator authenticator;

  ActuatorCaller(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var header = request.getHeader("Authorization");
    Caller caller = null;
    if (header != null) {
      if (header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        caller = authenticator.byToken(header.substring(BEARER.length()).strip()).orElse(null);
      }
      if (caller == null) {
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"UNAUTHORIZED\",\"message\":\"the bearer token is not valid\"}");
        return;
      }
    } else {
      var session = request.getSession(false);
      var inSession = session == null ? null : (Caller) session.getAttribute(AccessFilter.SESSION_CALLER);
      caller = inSession != null && authenticator.stillValid(inSession) ? inSession : null;
    }
    chain.doFilter(caller == null ? request : new Known(request, caller), response);
  }

  /** The request as the actuator sees it: with the caller as its principal, in the caller's role. */
  private static final class Known extends HttpServletRequestWrapper {
    private final Caller caller;

    Known(HttpServletRequest request, Caller caller) {
      super(request);
      this.caller = caller;
    }

    @Override
    public Principal getUserPrincipal() {
      return caller::name;
    }

    @Override
    public boolean isUserInRole(String role) {
      return caller.role().name().equalsIgnoreCase(role);
    }
  }
}
