package com.paynotify.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.WebhookSecret;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alert URLs (a Slack-style URL carries its secret in the path) never appear whole in startup
 * errors or logs.
 */
class AlertPropertiesTest {
  private static final String SECRET = WebhookSecret.generate().reveal();

  private static AlertProperties alerting(String... urls) {
    return new AlertProperties(List.of(urls), SECRET, null, null, null, null, null);
  }

  @Test
  void showsEachUrlAsItsSchemeAndHostOnly() {
    var properties =
        alerting(
            "https://hooks.slack.com/services/T0001/B0001/s3cr3tToken", "http://ops.internal:9000");

    var shown = properties.toString();

    assertThat(shown)
        .contains("urls=[https://hooks.slack.com/…, http://ops.internal:9000]")
        .doesNotContain("s3cr3t");
  }

  @Test
  void aUrlThatDoesNotParseIsRefusedByItsPlaceWithoutQuotingIt() {
    var properties =
        alerting(
            "https://ops.example.com/alerts",
            "https://hooks.slack.com/services/T0/B0/s3cr3t token");

    assertThatThrownBy(() -> new AlertConfiguration().alertSink(properties, InstantSource.system()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "paynotify.alerts.urls[1]: is not a URL (Illegal character in path at index ")
        .hasMessageNotContaining("s3cr3t");
    assertThat(properties.toString()).contains("(not a URL)").doesNotContain("s3cr3t");
  }

  @Test
  void aUrlThatIsNotHttpIsRefusedByItsPlaceWithoutItsPath() {
    var properties = alerting("mailto:ops@example.com?subject=s3cr3t");

    assertThatThrownBy(() -> new AlertConfiguration().alertSink(properties, InstantSource.system()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "paynotify.alerts.urls[0]: must be an http or https URL with a host, got mailto:…");
  }
}
