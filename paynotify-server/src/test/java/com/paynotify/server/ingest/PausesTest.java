package com.paynotify.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PausesTest {

  @Test
  void doublesFromTheInitialPauseUpToTheLongest() {
    var pauses = new Pauses(Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(pauses.after(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(pauses.after(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(pauses.after(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(pauses.after(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(pauses.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void refusesPausesThatCannotWork() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Pauses(Duration.ZERO, Duration.ofSeconds(1)))
        .withMessage("initial (PT0S) must be positive and at most max (PT1S)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Pauses(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Pauses(Duration.ofSeconds(1), Duration.ofSeconds(1)).after(0))
        .withMessage("failures (0) must be 1 or more");
  }
}
