package com.paynotify.receiver.spring.shop;

import com.paynotify.receiver.NotificationCheck;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A merchant's Spring Boot shop on the starter: its settings are all paynotify.receiver.*
 * properties.
 */
@SpringBootApplication
public class ShopApplication {

  /** Alipay and WeChat Pay ask it: the order exists and the amount matches. */
  @Bean
  NotificationCheck matchesAnOrder(ShopOrders orders) {
    return orders::refusal;
  }
}
