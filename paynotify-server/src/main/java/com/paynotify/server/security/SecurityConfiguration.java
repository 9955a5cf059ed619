package com.paynotify.server.security;

import com.paynotify.server.config.PaynotifyProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the token check in front of {@code /api/*}; health and metrics stay open for probes. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  ApiToken apiToken(PaynotifyProperties properties) {
    return ApiToken.from(properties);
  }

  @Bean
  FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(ApiToken token) {
    var registration = new FilterRegistrationBean<>(new ApiTokenFilter(token));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(0);
    return registration;
  }
}
