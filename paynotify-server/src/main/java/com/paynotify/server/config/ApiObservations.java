package com.paynotify.server.config;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Keeps Micrometer observations off the API's hot path. Measured with JFR on a create-and-deliver
 * run (README, "The hot path"), Spring Security's observation of each filter of its chain and
 * Spring MVC's {@code http.server.requests} for {@code /api/**} were about 7% of the server's CPU.
 * The API is counted and timed by Paynotify's own meters instead ({@code
 * paynotify.notifications.accepted}, {@code paynotify.store.calls}, {@code paynotify.attempts});
 * the console's and the actuator's requests are still observed.
 */
@Configuration(proxyBeanMethods = false)
class ApiObservations {

  @Bean
  ObservationPredicate noApiRequestObservations() {
    return (name, context) ->
        !(context instanceof ServerRequestObservationContext server
            && server.getCarrier().getRequestURI().startsWith("/api/"));
  }

  /**
   * Security is answered in the API's own shape and audited; per-filter observations add nothing
   * here.
   */
  @Bean
  SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }
}
