package com.paynotify.server.security;

import com.paynotify.access.AccessToken;
import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.Role;
import java.util.Optional;

/**
 * The token store as the access checks see it: who presents a bearer token, and whether its session
 * still stands.
 */
final class TokenCallers {
  private final ApiToken configuredToken;
  private final AccessTokenStore tokens;

  TokenCallers(ApiToken configuredToken, AccessTokenStore tokens) {
    this.configuredToken = configuredToken;
    this.tokens = tokens;
  }

  /** The caller of {@code paynotify.api-token} (an admin) or of an issued, unrevoked token. */
  Optional<Caller> byToken(String secret) {
    if (configuredToken.matches(secret)) {
      return Optional.of(new Caller("api-token", Role.ADMIN, null));
    }
    if (!secret.startsWith(AccessToken.PREFIX)) {
      return Optional.empty();
    }
    return tokens
        .findByHash(AccessToken.hash(secret))
        .filter(token -> !token.isRevoked())
        .map(
            token ->
                new Caller(
                    "token:" + token.name(), token.role(), token.tokenHash(), token.scope()));
  }

  /**
   * Whether a session's caller may still act: false once the token it logged in with is revoked.
   */
  boolean stillValid(Caller caller) {
    return caller.tokenHash() == null
        || tokens.findByHash(caller.tokenHash()).filter(token -> !token.isRevoked()).isPresent();
  }
}
