package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The Kubernetes probes: open to anyone with the status alone; liveness is the process and never
 * the database, readiness follows the database.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:probes;DB_CLOSE_DELAY=-1"
    })
class HealthProbesTest {
  @LocalServerPort int port;
  @Autowired HikariDataSource dataSource;

  @Test
  void probesAnswerAnonymousCallersWithTheStatusAlone() {
    var api = new Api(port);

    var liveness = api.send(api.unauthenticated("/actuator/health/liveness").GET());
    var readiness = api.send(api.unauthenticated("/actuator/health/readiness").GET());

    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.text("status")).isEqualTo("UP");
    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.text("status")).isEqualTo("UP");
    assertThat(liveness.json().has("components")).isFalse();
    assertThat(readiness.json().has("components")).isFalse();
    assertThat(readiness.body()).doesNotContain("H2", "db");
  }

  @Test
  void anAdminSeesThatReadinessChecksTheDatabaseAndLivenessDoesNot() {
    var api = new Api(port);

    var liveness = api.get("/actuator/health/liveness");
    var readiness = api.get("/actuator/health/readiness");

    assertThat(liveness.json().at("/components").propertyNames()).containsExactly("livenessState");
    assertThat(readiness.json().at("/components").propertyNames())
        .containsExactlyInAnyOrder("readinessState", "db", "dispatcher");
  }

  @Test
  @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
  void livenessStaysUpWhileTheDatabaseIsDownAndReadinessGoesDown() {
    var api = new Api(port);
    assertThat(api.send(api.unauthenticated("/actuator/health/readiness").GET()).status())
        .isEqualTo(200);

    dataSource.close();
    var liveness = api.send(api.unauthenticated("/actuator/health/liveness").GET());
    var readiness = api.send(api.unauthenticated("/actuator/health/readiness").GET());
    var readinessAsAdmin = api.get("/actuator/health/readiness");

    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.text("status")).isEqualTo("UP");
    assertThat(readiness.status()).isEqualTo(503);
    assertThat(readiness.text("status")).isEqualTo("DOWN");
    assertThat(readinessAsAdmin.json().at("/components/db/status").asString()).isEqualTo("DOWN");
  }
}
