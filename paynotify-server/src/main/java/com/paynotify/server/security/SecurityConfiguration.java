package com.paynotify.server.security;

import static com.paynotify.access.Role.ADMIN;
import static com.paynotify.access.Role.OPERATOR;
import static com.paynotify.access.Role.PRODUCER;
import static com.paynotify.access.Role.VIEWER;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import com.paynotify.Paynotify;
import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.AuditLog;
import com.paynotify.access.Role;
import com.paynotify.server.config.CoreConfiguration.MigratedSchema;
import com.paynotify.server.config.PaynotifyProperties;
import com.paynotify.server.config.PurgeProperties;
import com.paynotify.server.i18n.ErrorMessages;
import com.paynotify.store.jdbc.JdbcAccessTokenStore;
import com.paynotify.store.jdbc.JdbcAuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatchers;

/**
 * Spring Security in front of everything: {@code /api/**} needs a bearer token or a console session
 * (with its CSRF token for a change) in a role the rules below allow; {@code /actuator/**} learns
 * who calls, so health details are for admins only; the console's files, the API document and
 * single sign-on (when configured) are open. Every answer carries the browser protections.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  /**
   * The console's page: scripts only from this server, never inside another site's frame; inline
   * style attributes are allowed.
   */
  static final String CONSOLE_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  /**
   * Who may call what. The first rule matching the method and path decides, matched as Spring MVC
   * matches controllers; a change no rule names is for admins.
   */
  private static void apiRules(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
          api) {
    api.requestMatchers(POST, SessionPaths.LOGIN)
        .permitAll()
        .requestMatchers(GET, SessionPaths.SINGLE_SIGN_ON)
        .permitAll()
        .requestMatchers(GET, SessionPaths.LOGIN)
        .authenticated()
        .requestMatchers(DELETE, SessionPaths.LOGIN)
        .authenticated()
        // The vocabulary a producer needs as much as the console does.
        .requestMatchers(GET, "/api/v1/meta")
        .authenticated()
        // Creating is what a payment system does all day.
        .requestMatchers(POST, "/api/v1/notifications", "/api/v1/notifications/batch")
        .hasAnyRole(roles(ADMIN, PRODUCER))
        // So is recording payments and moving their status, which creates notifications.
        .requestMatchers(POST, "/api/v1/payments")
        .hasAnyRole(roles(ADMIN, PRODUCER))
        .requestMatchers(PUT, "/api/v1/payments/*/status")
        .hasAnyRole(roles(ADMIN, PRODUCER))
        .requestMatchers(
            POST,
            "/api/v1/notifications/retry",
            "/api/v1/notifications/abandon",
            "/api/v1/notifications/*/retry",
            "/api/v1/notifications/*/abandon")
        .hasAnyRole(roles(ADMIN, OPERATOR))
        // A signed body may be replayed to the merchant: operators only.
        .requestMatchers(GET, "/api/v1/notifications/*/callback")
        .hasAnyRole(roles(ADMIN, OPERATOR))
        // Signed with the merchant's real keys, as a preview is, and sent where the caller says.
        .requestMatchers(POST, "/api/v1/merchants/*/test-notification")
        .hasAnyRole(roles(ADMIN, OPERATOR))
        .requestMatchers("/api/v1/tokens/**", "/api/v1/audit/**", "/api/v1/admin/**")
        .hasRole(ADMIN.name())
        .requestMatchers(GET, "/api/**")
        .hasAnyRole(roles(ADMIN, OPERATOR, VIEWER))
        .anyRequest()
        .hasRole(ADMIN.name());
  }

  @Bean
  @Order(1)
  SecurityFilterChain api(
      HttpSecurity http,
      TokenCallers tokens,
      CsrfTokenRepository csrfTokens,
      ErrorMessages messages) {
    var refusals = new JsonRefusals(messages);
    return http.securityMatcher("/api/**")
        .addFilterBefore(new CallerFilter(tokens, refusals), CsrfFilter.class)
        .csrf(
            csrf ->
                csrf.csrfTokenRepository(csrfTokens)
                    .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                    .requireCsrfProtectionMatcher(SecurityConfiguration::isChangeBySession))
        .authorizeHttpRequests(SecurityConfiguration::apiRules)
        .exceptionHandling(
            errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        .requestCache(cache -> cache.disable()) // a refused call opens no session
        .logout(logout -> logout.disable()) // DELETE /api/v1/session
        .headers(SecurityConfiguration::browserProtections)
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain actuator(HttpSecurity http, TokenCallers tokens, ErrorMessages messages) {
    var refusals = new JsonRefusals(messages);
    return http.securityMatcher("/actuator/**")
        .addFilterBefore(new CallerFilter(tokens, refusals), CsrfFilter.class)
        .authorizeHttpRequests(
            all -> all.anyRequest().permitAll()) // management.endpoint.health.roles shows details
        .exceptionHandling(errors -> errors.authenticationEntryPoint(refusals))
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable())
        .logout(logout -> logout.disable())
        .headers(SecurityConfiguration::browserProtections)
        .build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain open(
      HttpSecurity http,
      ObjectProvider<ClientRegistrationRepository> registrations,
      OidcProperties oidc,
      ConsoleLogin login,
      AuditTrail audit,
      ErrorMessages messages) {
    http.authorizeHttpRequests(all -> all.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable()) // nothing here changes anything
        .requestCache(cache -> cache.disable())
        .logout(logout -> logout.disable())
        .headers(SecurityConfiguration::browserProtections);
    if (registrations.getIfAvailable() != null) {
      var oidcLogin = new OidcLogin(oidc, login, audit, messages);
      http.oauth2Login(
          sso ->
              sso.loginPage("/")
                  .userInfoEndpoint(user -> user.oidcUserService(oidcLogin.userService()))
                  .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                  .successHandler(oidcLogin)
                  .failureHandler(oidcLogin));
    }
    return http.build();
  }

  private static void browserProtections(HeadersConfigurer<HttpSecurity> headers) {
    var consolePage =
        RequestMatchers.anyOf(
            PathPatternRequestMatcher.withDefaults().matcher("/"),
            PathPatternRequestMatcher.withDefaults().matcher("/index.html"));
    headers
        .defaultsDisabled()
        .contentTypeOptions(nosniff -> {})
        .frameOptions(frames -> frames.deny())
        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
        // The console's page only: other tools' pages (the API document's) keep their own.
        .addHeaderWriter(
            new DelegatingRequestMatcherHeaderWriter(
                consolePage, new ContentSecurityPolicyHeaderWriter(CONSOLE_POLICY)));
  }

  /**
   * A change made with a session cookie, which some cross-site requests carry, must echo the
   * session's CSRF token, which another site cannot read. A bearer token needs none: a browser
   * never adds an {@code Authorization} header to a cross-site request by itself.
   */
  private static boolean isChangeBySession(HttpServletRequest request) {
    return !SAFE_METHODS.contains(request.getMethod())
        && request.getHeader("Authorization") == null
        && !SessionPaths.isLogin(request)
        && SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication;
  }

  private static String[] roles(Role... roles) {
    return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
  }

  /**
   * Matrix parameters ({@code ;x=1}) are allowed: the rules match paths without them, as Spring MVC
   * does.
   */
  @Bean
  HttpFirewall httpFirewall() {
    var firewall = new StrictHttpFirewall();
    firewall.setAllowSemicolon(true);
    return firewall;
  }

  /**
   * Paths the firewall refuses are answered in the API's JSON shape, not the container's error
   * page.
   */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ErrorMessages messages) {
    return new JsonRefusals(messages);
  }

  @Bean
  CsrfTokenRepository csrfTokenRepository() {
    var repository = new HttpSessionCsrfTokenRepository();
    repository.setHeaderName(JsonRefusals.CSRF_HEADER);
    return repository;
  }

  @Bean
  ApiToken apiToken(PaynotifyProperties properties) {
    return ApiToken.from(properties);
  }

  @Bean
  AccessTokenStore accessTokenStore(MigratedSchema schema) {
    return new JdbcAccessTokenStore(schema.dataSource());
  }

  @Bean
  AuditLog auditLog(MigratedSchema schema) {
    return new JdbcAuditLog(schema.dataSource());
  }

  @Bean
  AuditTrail auditTrail(AuditLog audit, InstantSource clock) {
    return new AuditTrail(audit, clock);
  }

  @Bean
  TokenCallers tokenCallers(ApiToken token, AccessTokenStore tokens) {
    return new TokenCallers(token, tokens);
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordHashes.encoder();
  }

  @Bean
  ConsoleUsers consoleUsers(AccessProperties properties) {
    return new ConsoleUsers(properties);
  }

  @Bean
  ConsoleLogin consoleLogin(
      ConsoleUsers users,
      PasswordEncoder passwords,
      TokenCallers tokens,
      LoginThrottle throttle,
      AuditTrail audit,
      CsrfTokenRepository csrfTokens,
      ObjectProvider<ClientRegistrationRepository> registrations) {
    var checker = new DaoAuthenticationProvider(users);
    checker.setPasswordEncoder(passwords);
    var singleSignOn = new ArrayList<ConsoleLogin.SingleSignOn>();
    if (registrations.getIfAvailable() instanceof Iterable<?> all) {
      for (var registration : all) {
        var client = (ClientRegistration) registration;
        singleSignOn.add(
            new ConsoleLogin.SingleSignOn(
                client.getClientName(), "/oauth2/authorization/" + client.getRegistrationId()));
      }
    }
    return new ConsoleLogin(
        new ProviderManager(checker),
        tokens,
        throttle,
        audit,
        new HttpSessionSecurityContextRepository(),
        csrfTokens,
        singleSignOn);
  }

  /** The console's login throttle, from {@code paynotify.login.*}. */
  @Bean
  LoginThrottle loginThrottle(InstantSource clock, LoginProperties properties) {
    return new LoginThrottle(clock, properties.settings());
  }

  /** Audit entries are kept for {@code paynotify.audit.retention}, 90 days unless set. */
  @Bean
  AuditRetention auditRetention(Paynotify paynotify, PurgeProperties schedule) {
    return new AuditRetention(paynotify.audit(), schedule);
  }
}
