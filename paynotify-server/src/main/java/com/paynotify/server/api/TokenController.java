package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.access.AccessToken;
import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.Role;
import com.paynotify.server.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/tokens}: an admin issues tokens of a role, lists and revokes them. The token itself
 * is in the answer that issues it and nowhere else; only its SHA-256 is stored.
 */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {
  private final AccessTokenStore tokens;
  private final InstantSource clock;

  TokenController(AccessTokenStore tokens, InstantSource clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  @PostMapping
  ResponseEntity<TokenView> issue(@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
    var fields = JsonFields.of(body);
    var name = fields.requiredString("name");
    if (name.strip().length() > 100) {
      throw InvalidRequestException.invalid("name", "at most 100 characters, got " + name.strip().length());
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid("name", "must not contain control characters");
    }
    var roleText = fields.requiredString("role");
    Role role;
    try {
      role = Role.of(roleText);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid("role", InvalidRequestException.echo(roleText) + " is not one of admin, operator, viewer, producer");
    }
    var issued = AccessToken.issue(name, role, Caller.of(request).name(), now());
    tokens.create(issued.token());
    return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.token().id()))
        .body(TokenView.of(issued.token(), issued.secret()));
  }

  @GetMapping
  List<TokenView> list() {
    return tokens.findAll().stream().map(token -> TokenView.of(token, null)).toList();
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id) {
    if (!tokens.revoke(id, now())) {
      if (tokens.findAll().stream().noneMatch(token -> token.id().equals(id))) {
        throw new NotFoundException("token", id);
      }
    }
    return ResponseEntity.noContent().build();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** A token as the API shows it; {@code token} only in the answer that issues it. */
  record TokenView(
      String id, String name, String role, @Nullable String token, Instant createdAt, String createdBy, @Nullable Instant revokedAt) {
    static TokenView of(AccessToken t, @Nullable String secret) {
      return new TokenView(t.id(), t.name(), t.role().label(), secret, t.createdAt(), t.createdBy(), t.revokedAt());
    }
  }
}
