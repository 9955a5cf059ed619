package com.paynotify.server.security;

import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.AuditLog;
import com.paynotify.access.AuditPurge;
import com.paynotify.server.config.CoreConfiguration.MigratedSchema;
import com.paynotify.server.config.PaynotifyProperties;
import com.paynotify.server.i18n.ErrorMessages;
import com.paynotify.store.jdbc.JdbcAccessTokenStore;
import com.paynotify.store.jdbc.JdbcAuditLog;
import java.time.Duration;
import java.time.InstantSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the access check in front of {@code /api/*}; health (its details for admins only), metrics
 * and the console's files stay open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

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
  Authenticator authenticator(ApiToken token, AccessTokenStore tokens, AccessProperties properties) {
    return new Authenticator(token, tokens, properties);
  }

  @Bean
  FilterRegistrationBean<AccessFilter> accessFilter(
      Authenticator authenticator, AuditLog audit, InstantSource clock, ErrorMessages messages) {
    var registration = new FilterRegistrationBean<>(new AccessFilter(authenticator, audit, clock, messages));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(0);
    return registration;
  }

  /**
   * {@code paynotify.login.max-failures} failed logins per address and per account within {@code
   * paynotify.login.window}; an account then locks for {@code paynotify.login.account-lock},
   * doubling up to {@code paynotify.login.max-account-lock}.
   */
  @Bean
  LoginThrottle loginThrottle(
      InstantSource clock,
      @Value("${paynotify.login.max-failures:" + LoginThrottle.DEFAULT_MAX_FAILURES + "}") int maxFailures,
      @Value("${paynotify.login.window:5m}") Duration window,
      @Value("${paynotify.login.account-lock:1m}") Duration accountLock,
      @Value("${paynotify.login.max-account-lock:15m}") Duration maxAccountLock,
      @Value("${paynotify.login.max-tracked:" + LoginThrottle.DEFAULT_MAX_TRACKED + "}") int maxTracked,
      @Value("${paynotify.login.max-audited:" + LoginThrottle.DEFAULT_MAX_AUDITED + "}") int maxAudited) {
    return new LoginThrottle(
        clock, new LoginThrottle.Settings(maxFailures, window, accountLock, maxAccountLock, maxTracked, maxAudited));
  }

  /** Audit entries are kept for {@code paynotify.audit.retention}, 90 days unless set. */
  @Bean
  AuditPurge auditPurge(AuditLog audit, InstantSource clock, @Value("${paynotify.audit.retention:90d}") Duration retention) {
    return new AuditPurge(audit, retention, AuditPurge.DEFAULT_BATCH_SIZE, clock);
  }

  @Bean
  AuditRetention auditRetention(AuditPurge purge) {
    return new AuditRetention(purge);
  }

  /** Health details for admins only: who calls {@code /actuator/*} with a token or session is made known to it. */
  @Bean
  FilterRegistrationBean<ActuatorCaller> actuatorCaller(Authenticator authenticator) {
    var registration = new FilterRegistrationBean<>(new ActuatorCaller(authenticator));
    registration.addUrlPatterns("/actuator/*");
    registration.setOrder(0);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
    var registration = new FilterRegistrationBean<>(new ConsoleHeaders());
    registration.addUrlPatterns("/*");
    registration.setOrder(-1);
    return registration;
  }
}
