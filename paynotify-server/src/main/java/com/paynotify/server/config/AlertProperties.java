package com.paynotify.server.config;

import com.paynotify.alert.AlertRules;
import com.paynotify.alert.WebhookAlertSink;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code paynotify.alerts.*}. Unset values fall back to {@link AlertRules}'s
 * {@code DEFAULT_*} constants.
 *
 * @param urls where alert events are posted; none means alerts are only logged and listed
 * @param secret the Standard Webhooks secret ({@code whsec_...}) the events are signed with;
 *     required when {@code urls} is set
 * @param failureRate a merchant's share of failed attempts that opens an alert, in (0, 1]
 * @param failureRateWindow how far back a merchant's attempts count
 * @param failureRateMinAttempts how many attempts the window needs before the rate counts
 * @param backlogAge how long the oldest due notification may wait
 * @param checkInterval how often the backlog and the failure rates are checked again
 */
@ConfigurationProperties("paynotify.alerts")
public record AlertProperties(
    @Nullable List<String> urls,
    @Nullable String secret,
    @Nullable Double failureRate,
    @Nullable Duration failureRateWindow,
    @Nullable Integer failureRateMinAttempts,
    @Nullable Duration backlogAge,
    @Nullable Duration checkInterval) {
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(30);

  public AlertProperties {
    urls = urls != null ? List.copyOf(urls) : List.of();
    failureRate = failureRate != null ? failureRate : AlertRules.DEFAULT_FAILURE_RATE;
    failureRateWindow =
        failureRateWindow != null ? failureRateWindow : AlertRules.DEFAULT_FAILURE_RATE_WINDOW;
    failureRateMinAttempts =
        failureRateMinAttempts != null
            ? failureRateMinAttempts
            : AlertRules.DEFAULT_FAILURE_RATE_MIN_ATTEMPTS;
    backlogAge = backlogAge != null ? backlogAge : AlertRules.DEFAULT_BACKLOG_AGE;
    checkInterval = checkInterval != null ? checkInterval : DEFAULT_CHECK_INTERVAL;
  }

  /**
   * The URLs parsed; an error names {@code paynotify.alerts.urls[i]} and never quotes the URL,
   * whose path may hold a secret.
   */
  List<URI> parsedUrls() {
    var parsed = new ArrayList<URI>();
    for (int i = 0; i < urls.size(); i++) {
      try {
        parsed.add(new URI(urls.get(i).strip()));
      } catch (URISyntaxException e) {
        throw new IllegalStateException(
            "paynotify.alerts.urls["
                + i
                + "]: is not a URL ("
                + e.getReason()
                + " at index "
                + e.getIndex()
                + ")");
      }
    }
    return parsed;
  }

  AlertRules rules() {
    return new AlertRules(failureRate, failureRateWindow, failureRateMinAttempts, backlogAge);
  }

  @Override
  public String toString() {
    return "AlertProperties[urls="
        + urls.stream().map(AlertProperties::shown).toList()
        + ", secret="
        + (secret == null ? "unset" : "redacted")
        + ", rules="
        + rules()
        + ", checkInterval="
        + checkInterval
        + "]";
  }

  private static String shown(String url) {
    try {
      return WebhookAlertSink.shown(new URI(url.strip()));
    } catch (URISyntaxException e) {
      return "(not a URL)";
    }
  }
}
