package com.paynotify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void takesTheNearestRank() {
    var hundred = IntStream.rangeClosed(1, 100).mapToObj(Duration::ofMillis).toList();

    assertThat(Percentiles.of(hundred, 50)).isEqualTo(Duration.ofMillis(50));
    assertThat(Percentiles.of(hundred, 99)).isEqualTo(Duration.ofMillis(99));
    assertThat(Percentiles.of(hundred, 100)).isEqualTo(Duration.ofMillis(100));
    assertThat(Percentiles.of(List.of(Duration.ofMillis(7)), 99)).isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void refusesAnEmptySample() {
    assertThatThrownBy(() -> Percentiles.of(List.of(), 50)).hasMessageContaining("no samples");
  }
}
