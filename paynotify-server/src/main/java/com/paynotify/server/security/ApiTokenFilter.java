package com.paynotify.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Lets an {@code /api/} request through only with {@code Authorization: Bearer <token>}. */
public final class ApiTokenFilter extends OncePerRequestFilter {
  private static final String PREFIX = "Bearer ";

  private final ApiToken token;

  public ApiTokenFilter(ApiToken token) {
    this.token = token;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        && token.matches(header.substring(PREFIX.length()).strip())) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", "Bearer");
    response.setContentType("application/json");
    var message = header == null ? "Authorization: Bearer <token> is required" : "the bearer token is not valid";
    response.getWriter().write("{\"error\":\"UNAUTHORIZED\",\"message\":\"" + message + "\"}");
  }
}
