package com.paynotify.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The development-only H2 console: {@code paynotify.h2-console.enabled}.
 *
 * @param enabled serve H2's web console at {@value #PATH} to admins; only on an embedded H2
 *     database (start-up is refused on any other), and never meant for production
 */
@ConfigurationProperties("paynotify.h2-console")
public record H2ConsoleProperties(boolean enabled) {
  /** Where the console is served, as Spring Boot's own H2 console is. */
  public static final String PATH = "/h2-console";
}
