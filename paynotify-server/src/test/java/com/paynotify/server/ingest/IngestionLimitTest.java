package com.paynotify.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class IngestionLimitTest {

  @Test
  void deadLettersAMessageOverTheApiBodyLimitUnread() {
    // given an ingestion that reads at most 1,024 bytes; no engine, since nothing may reach it
    var ingestion = new Ingestion(null, "rabbitmq", new SimpleMeterRegistry(), 1_024);

    // when a message of 1,025 bytes arrives
    var verdict = ingestion.accept(new byte[1_025]);

    // then it is refused with the API's code for an over-limit body, naming both sizes
    assertThat(verdict)
        .isInstanceOfSatisfying(
            Ingestion.Verdict.Rejected.class,
            rejected -> {
              assertThat(rejected.rejection().code()).isEqualTo("BODY_TOO_LARGE");
              assertThat(rejected.rejection().message()).contains("1025").contains("1024");
            });
  }
}
