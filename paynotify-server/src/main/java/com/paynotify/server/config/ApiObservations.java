package com.paynotify.server.config;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Keeps Micrometer observations off the API's hot path. Measured with JFR on a create-and-deliver
 * run (README, "The hot path"), Spring Security's observation of each filter of its chain and
 * Spring MVC's {@code http.server.requests} for {@code /api/**} were about 7% of the server's CPU.
 * The API is counted and timed by Paynotify's own meters instead ({@code
 * paynotify.notifications.accepted}, {@code paynotify.store.calls}, {@code paynotify.attempts});
 * the console's and the actuator's requests are still observed. Refusing the observation by a
 * predicate still left Spring MVC's observation filter building a context, a no-op observation and
 * its scope for each API call, so that filter now stands aside for {@code /api/**} altogether.
 */
@Configuration(proxyBeanMethods = false)
class ApiObservations {

  @Bean
  ObservationPredicate noApiRequestObservations() {
    return (name, context) -> !(context instanceof ServerRequestObservationContext server
        && server.getCarrier().getRequestURI().startsWith("/api/"));
  }

  /**
   * Spring Boot's {@code http.server.requests} filter, as its auto-configuration registers it (same
   * name, convention, order and dispatcher types), except that {@code /api/**} is passed straight on.
   */
  @Bean
  FilterRegistrationBean<ServerHttpObservationFilter> webMvcObservationFilter(ObservationRegistry registry,
      ObjectProvider<ServerRequestObservationConvention> customConvention, ObservationProperties properties) {
    var name = properties.getHttp().getServer().getRequests().getName();
    var convention = customConvention.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name));
    var registration = new FilterRegistrationBean<ServerHttpObservationFilter>(new NotForApi(registry, convention));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    return registration;
  }

  /** The observation filter for everything but the API. */
  private static final class NotForApi extends ServerHttpObservationFilter {
    NotForApi(ObservationRegistry registry, ServerRequestObservationConvention convention) {
      super(registry, convention);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
      return request.getRequestURI().startsWith("/api/");
    }
  }

  /** Security is answered in the API's own shape and audited; per-filter observations add nothing here. */
  @Bean
  SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }
}
