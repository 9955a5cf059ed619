package com.paynotify.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
    "500ms,PT0.5S",
    "15s,PT15S",
    "4m,PT4M",
    "2h,PT2H",
    "1d,PT24H",
    "PT15S,PT15S",
    " 10s ,PT10S"
  })
  void readsShortAndIsoForms(String text, String iso) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "15", "-5s", "1.5h", ""})
  void refusesAnythingElseNamingTheText(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .hasMessageStartingWith("'" + text + "' is not a duration");
  }

  @ParameterizedTest
  @CsvSource({"PT4M,4m", "PT1H,1h", "PT90S,90s", "PT1.5S,1500ms", "PT24H,1d"})
  void writesTheShortestExactForm(String iso, String text) {
    assertThat(DurationText.format(Duration.parse(iso))).isEqualTo(text);
  }
}
