package com.paynotify.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencyBinsTest {

  @Test
  void binsCoverEveryDurationOnceAndInOrder() {
    assertThat(LatencyBins.lowerMillis(0)).isZero();
    for (int bin = 0; bin < LatencyBins.COUNT - 1; bin++) {
      assertThat(LatencyBins.upperMillis(bin))
          .as("end of bin %d", bin)
          .isEqualTo(LatencyBins.lowerMillis(bin + 1));
    }
    assertThat(LatencyBins.lowerMillis(LatencyBins.COUNT - 1))
        .isEqualTo(LatencyBins.OVERFLOW_MILLIS);
    assertThat(LatencyBins.upperMillis(LatencyBins.COUNT - 1)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void everyDurationFallsInTheBinWhoseRangeHoldsIt() {
    for (long millis = 0; millis < LatencyBins.OVERFLOW_MILLIS + 10; millis++) {
      int bin = LatencyBins.binOf(millis);

      assertThat(millis)
          .isGreaterThanOrEqualTo(LatencyBins.lowerMillis(bin))
          .isLessThan(LatencyBins.upperMillis(bin));
    }
    assertThat(LatencyBins.binOf(-5)).isZero();
    assertThat(LatencyBins.binOf(Long.MAX_VALUE)).isEqualTo(LatencyBins.COUNT - 1);
  }

  @Test
  void theMiddleOfABinIsWithinAnEighthOfAnyDurationInIt() {
    for (long millis = 0; millis < LatencyBins.OVERFLOW_MILLIS; millis++) {
      int bin = LatencyBins.binOf(millis);
      long middle = (LatencyBins.lowerMillis(bin) + LatencyBins.upperMillis(bin) - 1) / 2;

      assertThat((double) Math.abs(middle - millis))
          .as("%d ms", millis)
          .isLessThanOrEqualTo(millis / 8.0);
    }
  }

  @Test
  void percentilesFromTheBinsAreWithinAnEighthOfTheExactOnes() {
    var random = new Random(3);
    for (int round = 0; round < 200; round++) {
      var exact = new TreeMap<Long, Long>();
      var bins = new long[LatencyBins.COUNT];
      long max = 0;
      for (int i = random.nextInt(1, 500); i > 0; i--) {
        long millis = (long) Math.exp(random.nextDouble(0, Math.log(100_000)));
        exact.merge(millis, 1L, Long::sum);
        bins[LatencyBins.binOf(millis)]++;
        max = Math.max(max, millis);
      }

      var fromBins = LatencyBins.percentiles(bins, Duration.ofMillis(max));

      var truth = Percentiles.of(exact);
      assertWithinAnEighth(fromBins.p50(), truth.p50());
      assertWithinAnEighth(fromBins.p95(), truth.p95());
      assertWithinAnEighth(fromBins.p99(), truth.p99());
    }
  }

  @Test
  void noAttemptsMeansNoPercentiles() {
    assertThat(LatencyBins.percentiles(new long[LatencyBins.COUNT], Duration.ZERO))
        .isEqualTo(Percentiles.NONE);
  }

  @Test
  void refusesCountsOfAnotherLength() {
    assertThatThrownBy(() -> LatencyBins.percentiles(new long[3], Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counts: 3 bins");
  }

  private static void assertWithinAnEighth(Duration actual, Duration exact) {
    assertThat((double) Math.abs(actual.toMillis() - exact.toMillis()))
        .as("%s against %s", actual, exact)
        .isLessThanOrEqualTo(exact.toMillis() / 8.0);
  }
}
