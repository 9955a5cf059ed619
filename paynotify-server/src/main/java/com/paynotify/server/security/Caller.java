package com.paynotify.server.security;

import com.paynotify.access.MerchantScope;
import com.paynotify.access.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, as the audit log names them: {@code api-token}, {@code token:<name>}, {@code
 * user:<name>} or {@code oidc:<name>}.
 *
 * @param tokenHash the hash of the issued token this caller presented, so a session opened with it
 *     ends when the token is revoked; null for users and for the configured token
 * @param scope the merchants it may act for: those of its token, every merchant for users
 */
public record Caller(String name, Role role, @Nullable String tokenHash, MerchantScope scope)
    implements Serializable {

  Caller(String name, Role role, @Nullable String tokenHash) {
    this(name, role, tokenHash, MerchantScope.EVERY);
  }

  /**
   * The caller the access checks let through; every {@code /api/} request past the login has one.
   */
  public static Caller of(HttpServletRequest request) {
    return current();
  }

  static Caller current() {
    if (SecurityContextHolder.getContext().getAuthentication()
        instanceof CallerAuthentication authentication) {
      return authentication.caller();
    }
    throw new IllegalStateException("no caller: the request did not pass the access checks");
  }
}
