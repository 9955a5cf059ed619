package com.paynotify.server.security;

import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.AuditLog;
import com.paynotify.server.config.CoreConfiguration.MigratedSchema;
import com.paynotify.server.config.PaynotifyProperties;
import com.paynotify.store.jdbc.JdbcAccessTokenStore;
import com.paynotify.store.jdbc.JdbcAuditLog;
import java.time.Duration;
import java.time.InstantSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the access check in front of {@code /api/*}; health, metrics and the console's files stay open. */
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
  FilterRegistrationBean<AccessFilter> accessFilter(Authenticator authenticator, AuditLog audit, InstantSource clock) {
    var registration = new FilterRegistrationBean<>(new AccessFilter(authenticator, audit, clock));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(0);
    return registration;
  }

  /** {@code paynotify.login.max-failures} failed logins per address within {@code paynotify.login.window}. */
  @Bean
  LoginThrottle loginThrottle(
      InstantSource clock,
      @Value("${paynotify.login.max-failures:" + LoginThrottle.DEFAULT_MAX_FAILURES + "}") int maxFailures,
      @Value("${paynotify.login.window:5m}") Duration window) {
    return new LoginThrottle(clock, maxFailures, window);
  }

  @Bean
  FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
    var registration = new FilterRegistrationBean<>(new ConsoleHeaders());
    registration.addUrlPatterns("/*");
    registration.setOrder(-1);
    return registration;
  }
}
