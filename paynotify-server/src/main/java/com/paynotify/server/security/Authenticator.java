package com.paynotify.server.security;

import com.paynotify.access.AccessToken;
import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.Role;
import java.util.Optional;

/** Tells who presented a token or a username and password. */
public final class Authenticator {
  /** What a password check of an unknown user costs too, so a login does not reveal who exists. */
  private static final String DECOY = Passwords.hash("decoy");

  private final ApiToken configuredToken;
  private final AccessTokenStore tokens;
  private final AccessProperties properties;

  public Authenticator(ApiToken configuredToken, AccessTokenStore tokens, AccessProperties properties) {
    this.configuredToken = configuredToken;
    this.tokens = tokens;
    this.properties = properties;
    var names = new java.util.HashSet<String>();
    for (int i = 0; i < properties.users().size(); i++) {
      var user = properties.users().get(i);
      var field = "paynotify.users[" + i + "]";
      if (user.username() == null || user.username().isBlank() || user.password() == null || user.role() == null) {
        throw new IllegalArgumentException(field + ": needs a username, a password and a role");
      }
      if (!names.add(user.username())) {
        throw new IllegalArgumentException(field + ".username: '" + user.username() + "' is listed twice");
      }
      Passwords.requireValid(field + ".password", user.password());
    }
  }

  /** The caller of {@code paynotify.api-token} (an admin) or of an issued, unrevoked token. */
  public Optional<Caller> byToken(String secret) {
    if (configuredToken.matches(secret)) {
      return Optional.of(new Caller("api-token", Role.ADMIN, null));
    }
    if (!secret.startsWith(AccessToken.PREFIX)) {
      return Optional.empty();
    }
    return tokens.findByHash(AccessToken.hash(secret))
        .filter(token -> !token.isRevoked())
        .map(token -> new Caller("token:" + token.name(), token.role(), token.tokenHash(), token.scope()));
  }

  /** The configured user with this name and password. */
  public Optional<Caller> byPassword(String username, String password) {
    var user = properties.users().stream().filter(u -> u.username().equals(username)).findFirst();
    boolean matches = Passwords.matches(user.map(AccessProperties.User::password).orElse(DECOY), password);
    return user.filter(u -> matches).map(u -> new Caller("user:" + u.username(), u.role(), null));
  }

  /** Whether a session's caller may still act: false once the token it logged in with is revoked. */
  public boolean stillValid(Caller caller) {
    return caller.tokenHash() == null
        || tokens.findByHash(caller.tokenHash()).filter(token -> !token.isRevoked()).isPresent();
  }
}
