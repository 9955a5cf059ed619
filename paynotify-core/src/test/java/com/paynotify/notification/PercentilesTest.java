package com.paynotify.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void ranksAHundredDistinctDurationsByNearestRank() {
    var counts = new TreeMap<Long, Long>();
    for (long ms = 1; ms <= 100; ms++) {
      counts.put(ms, 1L);
    }

    var percentiles = Percentiles.of(counts);

    assertThat(percentiles)
        .isEqualTo(
            new Percentiles(Duration.ofMillis(50), Duration.ofMillis(95), Duration.ofMillis(99)));
  }

  @Test
  void countsRepeatedDurationsByTheirWeight() {
    var counts = new TreeMap<Long, Long>();
    counts.put(10L, 98L);
    counts.put(2_000L, 1L);
    counts.put(10_000L, 1L);

    var percentiles = Percentiles.of(counts);

    assertThat(percentiles)
        .isEqualTo(
            new Percentiles(
                Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(2_000)));
  }

  @Test
  void aSingleAttemptIsEveryPercentile() {
    var counts = new TreeMap<Long, Long>();
    counts.put(42L, 1L);

    assertThat(Percentiles.of(counts))
        .isEqualTo(
            new Percentiles(Duration.ofMillis(42), Duration.ofMillis(42), Duration.ofMillis(42)));
  }

  @Test
  void noAttemptsAreAllZero() {
    assertThat(Percentiles.of(new TreeMap<>())).isEqualTo(Percentiles.NONE);
  }
}
