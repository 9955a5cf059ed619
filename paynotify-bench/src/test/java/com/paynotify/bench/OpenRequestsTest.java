package com.paynotify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenRequestsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void countsASecondRequestThatArrivesBeforeTheFirstIsAnsweredAsAnOverlap() {
    var requests = new OpenRequests();
    var first = requests.arrive("ntf_1", T0);

    var second = requests.arrive("ntf_1", T0.plusMillis(50));
    requests.answered(first, T0.plusMillis(100), true);
    requests.answered(second, T0.plusMillis(150), true);

    assertThat(requests.overlapping()).containsExactly("ntf_1");
    assertThat(requests.acknowledgedAgainInTurn()).isEmpty();
    assertThat(requests.openNow()).isZero();
  }

  @Test
  void tellsACopyThatCameAfterTheFirstWasAnsweredFromAnOverlap() {
    var requests = new OpenRequests();
    requests.answered(requests.arrive("ntf_1", T0), T0.plusMillis(100), true);

    requests.answered(requests.arrive("ntf_1", T0.plusSeconds(20)), T0.plusSeconds(21), true);
    requests.answered(requests.arrive("ntf_2", T0.plusMillis(10)), T0.plusMillis(20), true);

    assertThat(requests.overlapping()).isEmpty();
    assertThat(requests.acknowledgedAgainInTurn()).containsExactly("ntf_1");
    assertThat(requests.acknowledged()).containsExactly("ntf_1", "ntf_2");
    assertThat(requests.requests()).isEqualTo(3);
  }

  @Test
  void keepsARequestWhoseSenderWentAwayOutOfTheAcknowledged() {
    var requests = new OpenRequests();
    var abandoned = requests.arrive("ntf_1", T0);

    requests.answered(abandoned, T0.plusMillis(80), false);

    assertThat(requests.acknowledged()).isEmpty();
    assertThat(requests.requestsOf("ntf_1"))
        .containsExactly(new OpenRequests.Request(T0, T0.plusMillis(80), false));
    assertThatThrownBy(() -> requests.answered(abandoned, T0.plusMillis(90), false))
        .hasMessageContaining("no open request of ntf_1");
  }
}
