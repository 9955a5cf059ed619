package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.paynotify.retry.RetryPolicy;
import com.paynotify.store.jdbc.JdbcRetryPolicyStore;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A policy must fit the 60s lease to be defined, and one stored before that rule neither stops a
 * node from starting nor from delivering.
 */
class RetryPolicyLeaseTest {
  private static final FakeMerchant merchant = FakeMerchant.start();
  private static TestDatabase database;
  private static ConfigurableApplicationContext server;
  private static Api api;

  @BeforeAll
  static void startOnADatabaseWithAStoredSlowPolicy() {
    database = TestDatabases.h2();
    JdbcSchema.migrate(database.dataSource());
    new JdbcRetryPolicyStore(database.dataSource())
        .save(new RetryPolicy("slow", List.of(Duration.ofMinutes(1)), Duration.ofMinutes(2)));
    server = start(database, "--paynotify.data-dir=target/test-data-lease");
    api =
        new Api(Integer.parseInt(server.getEnvironment().getRequiredProperty("local.server.port")));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    merchant.close();
    database.close();
  }

  /** Arguments, not default properties, so they win over application.properties. */
  private static ConfigurableApplicationContext start(TestDatabase database, String... more) {
    var args =
        Stream.concat(
                Stream.of(
                    "--paynotify.api-token=" + Api.TOKEN,
                    "--paynotify.delivery.allowed-networks=127.0.0.0/8",
                    "--paynotify.delivery.poll-interval=100ms",
                    "--server.port=0",
                    "--spring.datasource.url=" + database.jdbcUrl(),
                    "--spring.datasource.username=" + database.username(),
                    "--spring.datasource.password=" + database.password()),
                Stream.of(more))
            .toArray(String[]::new);
    return new SpringApplicationBuilder(PaynotifyApplication.class).run(args);
  }

  @Test
  void refusesAPolicyTheLeaseCannotCover() {
    var refused =
        api.put("/api/v1/retry-policies/slower", "{\"intervals\":[\"1m\"],\"timeout\":\"2m\"}");
    var accepted =
        api.put("/api/v1/retry-policies/brisk", "{\"intervals\":[\"1m\"],\"timeout\":\"27s\"}");
    var afterwards = api.get("/api/v1/retry-policies/slower");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.text("field")).isEqualTo("timeout");
    assertThat(refused.text("message"))
        .isEqualTo("timeout: 2m is too long for the 1m lease: at most 27s");
    assertThat(afterwards.status()).as("nothing half written").isEqualTo(404);
    assertThat(accepted.status()).isEqualTo(201);
  }

  @Test
  void startsAndDeliversUnderAStoredPolicyTheLeaseCannotCover() throws InterruptedException {
    var shop = api.post("/api/v1/merchants", "{\"id\":\"slow-shop\",\"name\":\"Shop\"}");
    assertThat(shop.status()).isEqualTo(201);

    var created =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"slow-shop","channel":"WEBHOOK","orderNo":"O-1","paymentStatus":"SUCCESS","amount":"1.00",
         "currency":"CNY","notifyUrl":"%s","retryPolicy":"slow"}"""
                .formatted(merchant.url("/notify")));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(awaitStatus(created.text("id"))).isEqualTo("SUCCEEDED");
    assertThat(merchant.received()).hasSize(1);
  }

  @Test
  void refusesToStartWithAConfiguredPolicyTheLeaseCannotCover() {
    try (var other = TestDatabases.h2()) {
      var configured =
          new String[] {
            "--paynotify.data-dir=target/test-data-lease-configured",
            "--paynotify.policies.slow.intervals=1m",
            "--paynotify.policies.slow.timeout=2m"
          };

      var refused = catchThrowable(() -> start(other, configured).close());

      assertThat(refused)
          .hasStackTraceContaining(
              "IllegalStateException: paynotify.policies.slow.timeout: 2m is too long for the 1m lease: at most 27s "
                  + "(paynotify.delivery.lease)");
    }
  }

  private static String awaitStatus(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    var status = api.get("/api/v1/notifications/" + id).text("status");
    while (!"SUCCEEDED".equals(status) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = api.get("/api/v1/notifications/" + id).text("status");
    }
    return status;
  }
}
