package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.Paynotify;
import com.paynotify.access.AccessToken;
import com.paynotify.access.MerchantScope;
import com.paynotify.access.Role;
import com.paynotify.access.Tokens;
import com.paynotify.server.security.AuditTrail;
import com.paynotify.server.security.Caller;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/tokens}: an admin issues tokens of a role, optionally scoped to merchants ({@code
 * "merchantIds": [...]}), lists and revokes them. The token itself is in the answer that issues it
 * and nowhere else; only its SHA-256 is stored.
 */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {
  private final Tokens tokens;
  private final AuditTrail audit;

  TokenController(Paynotify paynotify, AuditTrail audit) {
    this.tokens = paynotify.tokens();
    this.audit = audit;
  }

  @PostMapping
  ResponseEntity<TokenView> issue(
      @RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
    var bound = JsonBodies.read(body, TokenBody.class);
    var name = JsonBodies.required("name", bound.name());
    var roleText = JsonBodies.required("role", bound.role());
    Role role;
    try {
      role = Role.of(roleText);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid(
          "role",
          InvalidRequestException.echo(roleText)
              + " is not one of admin, operator, viewer, producer");
    }
    var merchantIds =
        bound.merchantIds() == null ? null : JsonBodies.strings("merchantIds", bound.merchantIds());
    var issued = tokens.issue(name, role, merchantIds, Caller.of(request).name());
    audit.record(
        "token.create", null, "name", name, "role", roleText, "merchantIds", bound.merchantIds());
    return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.token().id()))
        .body(TokenView.of(issued.token(), issued.secret()));
  }

  /** A page of the tokens, revoked ones included, newest first. */
  @GetMapping
  TokenPageView list(
      @RequestParam(required = false)
          @Parameter(
              description = PageParameters.LIMIT_DOC,
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "20"))
          @Nullable String limit,
      @RequestParam(required = false) @Parameter(description = PageParameters.CURSOR_DOC)
          @Nullable String cursor) {
    var request = PageParameters.of(limit, cursor);
    var page = tokens.page(request).map(token -> TokenView.of(token, null));
    return new TokenPageView(page.items(), request.limit(), page.next());
  }

  /**
   * A page of tokens; {@code next} is the {@code cursor} of the following page, null on the last.
   */
  record TokenPageView(List<TokenView> items, int limit, @Nullable String next) {}

  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id) {
    tokens.revoke(id);
    audit.record("token.revoke", id);
    return ResponseEntity.noContent().build();
  }

  /**
   * A token as the API shows it; {@code token} only in the answer that issues it.
   *
   * @param merchantIds the merchants it is scoped to, null for every merchant
   */
  record TokenView(
      String id,
      String name,
      String role,
      @Nullable String token,
      Instant createdAt,
      String createdBy,
      @Nullable Instant revokedAt,
      @Nullable List<String> merchantIds) {
    static TokenView of(AccessToken t, @Nullable String secret) {
      var merchantIds =
          switch (t.scope()) {
            case MerchantScope.Every every -> null;
            case MerchantScope.Only only -> only.sorted();
          };
      return new TokenView(
          t.id(),
          t.name(),
          t.role().label(),
          secret,
          t.createdAt(),
          t.createdBy(),
          t.revokedAt(),
          merchantIds);
    }
  }

  /** The body of {@code POST /api/v1/tokens}. */
  @Schema(name = "TokenRequestBody")
  record TokenBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100) @Nullable String name,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {"admin", "operator", "viewer", "producer"})
          @Nullable String role,
      @Schema(description = "Limits the token to these merchants; every merchant when absent")
          @Nullable List<String> merchantIds) {}
}
