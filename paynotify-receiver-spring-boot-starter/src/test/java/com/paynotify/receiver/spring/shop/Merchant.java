package com.paynotify.receiver.spring.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A merchant registered on the server with WEBHOOK and ALIPAY, and the shop's settings made only of
 * what the API answered.
 */
record Merchant(String id, String webhookSecret, String alipayPublicKey) {

  static Merchant register() {
    var server = PaynotifyServer.shared();
    var id = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    var merchant =
        server.post("/api/v1/merchants", "{\"id\":\"" + id + "\",\"name\":\"Boot shop\"}");
    assertThat(merchant.status()).as(merchant.body()).isEqualTo(201);
    var alipay =
        server.put(
            "/api/v1/merchants/" + id + "/channels/ALIPAY", "{\"appId\":\"2021000000000001\"}");
    assertThat(alipay.status()).as(alipay.body()).isEqualTo(201);
    return new Merchant(id, merchant.text("webhookSecret"), alipay.text("publicKey"));
  }

  void addTo(DynamicPropertyRegistry registry) {
    registry.add("paynotify.receiver.webhook.secrets", this::webhookSecret);
    registry.add("paynotify.receiver.alipay.public-keys", this::alipayPublicKey);
  }
}
