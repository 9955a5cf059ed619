package com.paynotify.server.config;

import com.paynotify.server.config.CoreConfiguration.MigratedSchema;
import java.sql.SQLException;
import java.util.Locale;
import org.h2.server.web.JakartaWebServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * H2's web console for development, registered here rather than by Spring Boot's {@code
 * spring-boot-h2console} module, so that one setting, {@code paynotify.h2-console.enabled}, decides
 * it and the database is checked first: on anything but an embedded H2 database (PostgreSQL, MySQL,
 * or H2 over TCP) start-up is refused, since the console would be a SQL prompt on data that
 * matters. Who may open it is the security configuration's rule: admins only.
 */
@Configuration(proxyBeanMethods = false)
class H2Console {
  private static final Logger log = LoggerFactory.getLogger(H2Console.class);

  @Bean
  ServletRegistrationBean<JakartaWebServlet> h2ConsoleServlet(
      H2ConsoleProperties properties, MigratedSchema schema) {
    var registration =
        new ServletRegistrationBean<>(new JakartaWebServlet(), H2ConsoleProperties.PATH + "/*");
    registration.setName("h2Console");
    registration.setEnabled(properties.enabled());
    if (properties.enabled()) {
      requireEmbeddedH2(schema);
      log.warn(
          "The H2 console is on at {} for admins: a development tool, never for production (paynotify.h2-console.enabled)",
          H2ConsoleProperties.PATH);
    }
    return registration;
  }

  private static void requireEmbeddedH2(MigratedSchema schema) {
    String product;
    String url;
    try (var connection = schema.dataSource().getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
      url = connection.getMetaData().getURL().toLowerCase(Locale.ROOT);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "paynotify.h2-console.enabled=true, but the database cannot be checked", e);
    }
    // The URL is never repeated: it may carry a password.
    if (!"H2".equals(product)) {
      throw new IllegalStateException(
          "paynotify.h2-console.enabled=true, but the database is "
              + product
              + ", not an embedded H2 database: the H2 console is for development on H2 only; remove the setting");
    }
    if (url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:")) {
      throw new IllegalStateException(
          "paynotify.h2-console.enabled=true, but the database is an H2 server reached over"
              + " the network, not an embedded H2 database: the H2 console is for development on H2 only; remove the setting");
    }
  }
}
