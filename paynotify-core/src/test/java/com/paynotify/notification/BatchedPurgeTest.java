package com.paynotify.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchedPurgeTest {
  private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
  private final InstantSource clock = InstantSource.fixed(NOW);

  @Test
  void deletesBatchAfterBatchUntilABatchComesBackShort() {
    // given 5 rows due for deletion and batches of 2
    var remaining = new int[] {5};
    var cutoffs = new ArrayList<Instant>();
    var purge =
        new BatchedPurge(
            (cutoff, limit) -> {
              cutoffs.add(cutoff);
              int deleted = Math.min(limit, remaining[0]);
              remaining[0] -= deleted;
              return deleted;
            },
            Duration.ofDays(30),
            2,
            clock);

    // when
    var purged = purge.run();

    // then three batches (2, 2, 1) ran against one cutoff, 30 days back
    assertThat(purged.deleted()).isEqualTo(5);
    assertThat(cutoffs)
        .isEqualTo(
            List.of(
                NOW.minus(Duration.ofDays(30)),
                NOW.minus(Duration.ofDays(30)),
                NOW.minus(Duration.ofDays(30))));
    assertThat(purged.cutoff()).isEqualTo(NOW.minus(Duration.ofDays(30)));
  }

  @Test
  void refusesABatchSizeThatWouldNeverEnd() {
    assertThatThrownBy(() -> new BatchedPurge((cutoff, limit) -> 0, Duration.ofDays(30), 0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
  }

  @Test
  void refusesARetentionThatIsNotPositive() {
    assertThatThrownBy(() -> new BatchedPurge((cutoff, limit) -> 0, Duration.ZERO, 10, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention");
  }
}
