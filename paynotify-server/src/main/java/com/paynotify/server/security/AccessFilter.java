package com.paynotify.server.security;

import com.paynotify.access.AuditEntry;
import com.paynotify.access.AuditLog;
import com.paynotify.server.i18n.ErrorMessages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards {@code /api/}: finds the caller (a bearer token, or the console's session cookie), checks
 * the CSRF header of a session's changes, checks the caller's role against {@link Access}, and
 * writes each successful change to the audit log.
 *
 * <p>A bearer token needs no CSRF check: a browser never adds an {@code Authorization} header to a
 * cross-site request by itself. A session cookie does travel with some cross-site requests, so a
 * change made with it must echo the session's CSRF token in {@value #CSRF_HEADER}, which another
 * site cannot read.
 */
public final class AccessFilter extends OncePerRequestFilter {
  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final String SESSION_CALLER = "paynotify.caller";
  public static final String SESSION_CSRF = "paynotify.csrf";
  private static final Logger log = LoggerFactory.getLogger(AccessFilter.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BEARER = "Bearer ";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final int MAX_AUDITED_BODY = 64 * 1024;

  private final Authenticator authenticator;
  private final AuditLog audit;
  private final InstantSource clock;
  private final ErrorMessages messages;

  public AccessFilter(Authenticator authenticator, AuditLog audit, InstantSource clock, ErrorMessages messages) {
    this.authenticator = authenticator;
    this.audit = audit;
    this.clock = clock;
    this.messages = messages;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // Decoded and without ;parameters, as Spring MVC matches it to a controller.
    var path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    var method = request.getMethod();
    if (path.equals(SessionPaths.LOGIN) && method.equals("POST")) {
      chain.doFilter(request, response); // logging in is how a caller comes to be
      return;
    }
    var header = request.getHeader("Authorization");
    Caller caller;
    if (header != null) {
      if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        refuse(response, 401, "UNAUTHORIZED", messages.get(request, "error.unauthorized-scheme"));
        return;
      }
      caller = authenticator.byToken(header.substring(BEARER.length()).strip()).orElse(null);
      if (caller == null) {
        refuse(response, 401, "UNAUTHORIZED", messages.get(request, "error.unauthorized-token"));
        return;
      }
    } else {
      var session = request.getSession(false);
      caller = session == null ? null : (Caller) session.getAttribute(SESSION_CALLER);
      if (caller == null || !authenticator.stillValid(caller)) {
        if (session != null && caller != null) {
          session.invalidate();
        }
        refuse(response, 401, "UNAUTHORIZED", messages.get(request, "error.unauthorized"));
        return;
      }
      if (!SAFE_METHODS.contains(method) && !csrfMatches(request, (String) session.getAttribute(SESSION_CSRF))) {
        refuse(response, 403, "CSRF", messages.get(request, "error.csrf", CSRF_HEADER));
        return;
      }
    }
    var decision = Access.decide(method, path);
    if (!decision.allows(caller.role())) {
      refuse(response, 403, "FORBIDDEN", messages.get(request, "error.forbidden", caller.role().label(), method, path));
      return;
    }
    request.setAttribute(Caller.ATTRIBUTE, caller);
    if (decision.action() == null) {
      chain.doFilter(request, response);
      return;
    }
    var cached = new ContentCachingRequestWrapper(request, MAX_AUDITED_BODY);
    chain.doFilter(cached, response);
    if (response.getStatus() < 400) {
      record(caller, decision, detail(cached.getContentAsByteArray(), decision.detailFields()));
    }
  }

  private void record(Caller caller, Access.Decision decision, @Nullable String detail) {
    try {
      audit.record(AuditEntry.of(clock.instant(), caller.name(), decision.action(), decision.target(), detail));
    } catch (RuntimeException e) {
      // The change is made and answered; failing the request now would invite a repeat of it.
      log.error("Could not write the audit entry {} by {} on {}", decision.action(), caller.name(), decision.target(), e);
    }
  }

  /** The named fields of a JSON body, compact; a list of ids becomes its count. */
  static @Nullable String detail(byte[] body, List<String> fields) {
    if (fields.isEmpty() || body.length == 0) {
      return null;
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
    if (json == null || !json.isObject()) {
      return null;
    }
    var kept = JSON.createObjectNode();
    for (var field : fields) {
      var value = json.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (field.equals("ids") && value.isArray()) {
        kept.put("ids", value.size());
      } else {
        kept.set(field, value);
      }
    }
    return kept.isEmpty() ? null : JSON.writeValueAsString(kept);
  }

  private static boolean csrfMatches(HttpServletRequest request, @Nullable String expected) {
    var presented = request.getHeader(CSRF_HEADER);
    return expected != null && presented != null
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  private static void refuse(HttpServletResponse response, int status, String code, String message) throws IOException {
    response.setStatus(status);
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    var body = JSON.createObjectNode().put("error", code).put("message", message);
    response.getWriter().write(JSON.writeValueAsString(body));
  }
}
