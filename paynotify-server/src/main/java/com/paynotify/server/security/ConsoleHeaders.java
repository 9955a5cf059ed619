package com.paynotify.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Browser protections for the console's page: scripts only from this server (so injected markup cannot
 * run), never inside another site's frame, no type sniffing, no referrer to other sites.
 */
public final class ConsoleHeaders extends OncePerRequestFilter {
  /** Inline style attributes are allowed; inline and remote scripts are not. */
  static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var path = request.getRequestURI();
    if (path.equals("/") || path.equals("/index.html")) {
      response.setHeader("Content-Security-Policy", POLICY); // the console's page; other tools' pages keep theirs
    }
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("X-Frame-Options", "DENY");
    chain.doFilter(request, response);
  }
}
