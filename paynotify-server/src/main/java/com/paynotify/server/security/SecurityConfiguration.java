package com.paynotify.server.security;

import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.AuditLog;
import com.paynotify.access.AuditPurge;
import com.paynotify.server.config.CoreConfiguration.MigratedSchema;
import com.paynotify.server.config.PaynotifyProperties;
import com.paynotify.server.config.PurgeProperties;
import com.paynotify.store.jdbc.JdbcAccessTokenStore;
import com.paynotify.store.jdbc.JdbcAuditLog;
import java.time.InstantSource;
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
  FilterRegistrationBean<AccessFilter> accessFilter(Authenticator authenticator, AuditLog audit, InstantSource clock) {
    var registration = new FilterRegistrationBean<>(new AccessFilter(authenticator, audit, clock));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(0);
    return registration;
  }

  /** The console's login throttle, from {@code paynotify.login.*}. */
  @Bean
  LoginThrottle loginThrottle(InstantSource clock, LoginProperties properties) {
    return new LoginThrottle(clock, properties.settings());
  }

  /** Audit entries are kept for {@code paynotify.audit.retention}, 90 days unless set. */
  @Bean
  AuditPurge auditPurge(AuditLog audit, InstantSource clock, AuditProperties properties) {
    return new AuditPurge(audit, properties.retention(), AuditPurge.DEFAULT_BATCH_SIZE, clock);
  }

  @Bean
  AuditRetention auditRetention(AuditPurge purge, PurgeProperties schedule) {
    return new AuditRetention(purge, schedule);
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
