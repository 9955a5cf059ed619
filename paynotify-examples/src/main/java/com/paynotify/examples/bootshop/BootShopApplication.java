package com.paynotify.examples.bootshop;

import com.paynotify.receiver.NotificationCheck;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A merchant's shop on Spring Boot: {@code POST /callbacks/{webhook,alipay,wechat_v3,wechat_v2}}
 * for each channel whose keys are set under {@code paynotify.receiver.*}, the receivers' records in
 * the shop's own database, each order marked paid exactly once in the same transaction as the
 * receiver's DONE mark. Run it with the keys as properties, see the module README.
 */
@SpringBootApplication
public class BootShopApplication {

  public static void main(String[] args) {
    SpringApplication.run(BootShopApplication.class, args);
  }

  /** Alipay and WeChat Pay ask for it: the order exists and the amount matches. */
  @Bean
  NotificationCheck matchesAnOrder(ShopOrders orders) {
    return orders::refusal;
  }

  /** Ships nothing; a real shop calls its warehouse here. */
  @Bean
  Warehouse warehouse() {
    return notification -> {};
  }
}
