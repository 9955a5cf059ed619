package com.paynotify.server.i18n;

import java.nio.charset.StandardCharsets;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;

/** The message bundles and the request language that Spring MVC and the filters share. */
@Configuration(proxyBeanMethods = false)
class MessagesConfiguration {

  /**
   * Never the machine's locale as a fallback: on a server set to Chinese, an English request would
   * otherwise be answered from the Chinese bundle.
   */
  @Bean
  MessageSource messageSource() {
    var source = new ResourceBundleMessageSource();
    source.setBasename("messages");
    source.setDefaultEncoding(StandardCharsets.UTF_8.name());
    source.setFallbackToSystemLocale(false);
    return source;
  }

  @Bean(DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
  LocaleResolver localeResolver() {
    return new ApiLanguage();
  }

  @Bean
  ErrorMessages errorMessages(MessageSource messageSource) {
    return new ErrorMessages(messageSource);
  }
}
