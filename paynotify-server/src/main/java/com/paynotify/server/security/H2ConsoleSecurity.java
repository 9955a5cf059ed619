package com.paynotify.server.security;

import com.paynotify.access.Role;
import com.paynotify.server.config.H2ConsoleProperties;
import com.paynotify.server.i18n.ErrorMessages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * {@code /h2-console/**}, when {@code paynotify.h2-console.enabled}: for admins only, by console
 * session or bearer token; others get 401 or 403. Turned off, nothing is served there and its paths
 * fall through to 404 like any unknown path.
 */
@Configuration(proxyBeanMethods = false)
class H2ConsoleSecurity {

  @Bean
  @Order(0)
  SecurityFilterChain h2ConsoleChain(
      HttpSecurity http,
      H2ConsoleProperties properties,
      TokenCallers tokens,
      ErrorMessages messages)
      throws Exception {
    var refusals = new JsonRefusals(messages);
    return http.securityMatcher(H2ConsoleProperties.PATH + "/**")
        .addFilterBefore(new CallerFilter(tokens, refusals), CsrfFilter.class)
        .authorizeHttpRequests(
            all -> {
              if (properties.enabled()) {
                all.anyRequest().hasRole(Role.ADMIN.name());
              } else {
                all.anyRequest().permitAll();
              }
            })
        .exceptionHandling(
            errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        // H2's forms carry no token of ours; each of its pages is bound to the random session id H2
        // puts in its URLs, which another site cannot know.
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable())
        .logout(logout -> logout.disable())
        // The console is a frameset of its own pages: frames from this origin only.
        .headers(
            headers ->
                headers
                    .defaultsDisabled()
                    .contentTypeOptions(nosniff -> {})
                    .frameOptions(frames -> frames.sameOrigin())
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
        .build();
  }
}
