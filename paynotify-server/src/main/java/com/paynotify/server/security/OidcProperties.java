package com.paynotify.server.security;

import com.paynotify.access.Role;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The role a single sign-on user gets: from the ID token's (or user info's) claim {@code
 * paynotify.oidc.role-claim}, a text or a list, whose values {@code paynotify.oidc.roles[<value>]}
 * maps to roles. A user with several mapped values gets the widest role; one with none may not log
 * in. Used only when a {@code spring.security.oauth2.client.registration} is configured.
 *
 * @param roleClaim the ID token or user info claim whose values give a single sign-on user a role
 * @param roles claim values mapped to roles, as paynotify.oidc.roles[payments-admins]=admin
 */
@ConfigurationProperties("paynotify.oidc")
public record OidcProperties(@Nullable String roleClaim, @Nullable Map<String, Role> roles) {

  public OidcProperties {
    roles = roles != null ? Map.copyOf(roles) : Map.of();
  }

  /** Fails naming the property when single sign-on is on but could give nobody a role. */
  void requireComplete() {
    if (roleClaim == null || roleClaim.isBlank()) {
      throw new IllegalArgumentException(
          "paynotify.oidc.role-claim: required with spring.security.oauth2.client.registration.*"
              + "; it names the claim whose values give a single sign-on user a role");
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException(
          "paynotify.oidc.roles: required with spring.security.oauth2.client.registration.*"
              + "; map claim values to roles, as paynotify.oidc.roles[payments-admins]=admin");
    }
  }

  /** The widest role the claim's values map to, if any. */
  Optional<Role> roleOf(Map<String, Object> claims) {
    var value = roleClaim == null ? null : claims.get(roleClaim);
    var values =
        value instanceof Collection<?> many
            ? many
            : value == null ? java.util.List.of() : java.util.List.of(value);
    return values.stream()
        .map(v -> roles.get(String.valueOf(v)))
        .filter(java.util.Objects::nonNull)
        .min(Enum::compareTo); // ADMIN first: the enum lists the roles from the widest
  }
}
