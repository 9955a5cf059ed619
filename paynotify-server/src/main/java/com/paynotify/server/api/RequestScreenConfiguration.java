package com.paynotify.server.api;

import com.paynotify.server.config.H2ConsoleProperties;
import com.paynotify.server.i18n.ErrorMessages;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts the {@link RequestScreen} in front of every path and every other filter of ours or Spring's
 * that could read a body or a parameter; only the encoding and observation filters come before.
 */
@Configuration(proxyBeanMethods = false)
class RequestScreenConfiguration {

  @Bean
  FilterRegistrationBean<RequestScreen> requestScreen(
      RequestLimits limits, ErrorMessages messages, H2ConsoleProperties h2Console) {
    var formsUnder = h2Console.enabled() ? H2ConsoleProperties.PATH : null;
    var registration =
        new FilterRegistrationBean<>(new RequestScreen(limits, messages, formsUnder));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
