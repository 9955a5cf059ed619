package com.paynotify.server.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller as Spring Security knows it: in the authority {@code ROLE_<role>}, whatever way it came
 * in (a bearer token, a console session, single sign-on). Holds no credentials, so a session keeps
 * no secret.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {
  private final Caller caller;

  CallerAuthentication(Caller caller) {
    super(List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
    this.caller = caller;
    setAuthenticated(true);
  }

  Caller caller() {
    return caller;
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }

  @Override
  public @Nullable Object getCredentials() {
    return null;
  }

  @Override
  public String getName() {
    return caller.name();
  }
}
