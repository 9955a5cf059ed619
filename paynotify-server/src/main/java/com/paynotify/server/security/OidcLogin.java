package com.paynotify.server.security;

import com.paynotify.access.Role;
import com.paynotify.server.i18n.ErrorMessages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The console's single sign-on through OpenID Connect: the provider's user gets the role its claim
 * maps to ({@link OidcProperties}), in a console session like a password login's; a user whose
 * claim maps to no role is refused with 403.
 */
final class OidcLogin implements AuthenticationSuccessHandler, AuthenticationFailureHandler {
  private final OidcProperties properties;
  private final ConsoleLogin login;
  private final AuditTrail audit;
  private final ErrorMessages messages;

  OidcLogin(
      OidcProperties properties, ConsoleLogin login, AuditTrail audit, ErrorMessages messages) {
    properties.requireComplete();
    this.properties = properties;
    this.login = login;
    this.audit = audit;
    this.messages = messages;
  }

  /** Spring Security's user service, then the role: the user's only authority. */
  OAuth2UserService<OidcUserRequest, OidcUser> userService() {
    var standard = new OidcUserService();
    return request -> {
      var user = standard.loadUser(request);
      var role =
          properties
              .roleOf(user.getClaims())
              .orElseThrow(
                  () -> {
                    audit.record(
                        "oidc:" + user.getName(),
                        "session.login-failed",
                        null,
                        "no role: claim " + properties.roleClaim() + " maps to none");
                    return new NoRole(user.getName());
                  });
      var nameAttribute =
          request
              .getClientRegistration()
              .getProviderDetails()
              .getUserInfoEndpoint()
              .getUserNameAttributeName();
      return new DefaultOidcUser(
          List.of(new SimpleGrantedAuthority("ROLE_" + role.name())),
          user.getIdToken(),
          user.getUserInfo(),
          nameAttribute == null || nameAttribute.isBlank() ? IdTokenClaimNames.SUB : nameAttribute);
    };
  }

  @Override
  public void onAuthenticationSuccess(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws IOException {
    var role =
        Role.valueOf(
            authentication
                .getAuthorities()
                .iterator()
                .next()
                .getAuthority()
                .substring("ROLE_".length()));
    login.open(
        new Caller("oidc:" + authentication.getName(), role, null),
        "with single sign-on",
        request,
        response);
    response.sendRedirect(request.getContextPath() + "/");
  }

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (e instanceof NoRole noRole) {
      JsonRefusals.write(
          response, 403, "FORBIDDEN", messages.get(request, "error.sso-no-role", noRole.name));
      return;
    }
    var code =
        e instanceof OAuth2AuthenticationException oauth
            ? oauth.getError().getErrorCode()
            : "failed";
    JsonRefusals.write(
        response, 401, "UNAUTHORIZED", messages.get(request, "error.sso-failed", code));
  }

  /** The provider's user is known, but its claim gives it no role here. */
  private static final class NoRole extends OAuth2AuthenticationException {
    private final String name;

    NoRole(String name) {
      super(
          new OAuth2Error("access_denied"),
          "the single sign-on user " + name + " has no Paynotify role");
      this.name = name;
    }
  }
}
