package com.paynotify.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Starts the Paynotify server. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PaynotifyApplication {

  public static void main(String[] args) {
    SpringApplication.run(PaynotifyApplication.class, args);
  }
}
