package com.paynotify.server.config;

import com.paynotify.store.jdbc.JdbcStatsRetention;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code paynotify.stats.*}.
 *
 * @param minuteRetention how long the statistics keep minute precision (7 days unless set): older
 *     minute counters are purged with the notifications' purge (paynotify.purge-interval), and
 *     ranges older than this are answered at hour precision from the hour counters, which are kept
 *     for good
 */
@ConfigurationProperties("paynotify.stats")
public record StatsProperties(@Nullable Duration minuteRetention) {

  public StatsProperties {
    minuteRetention =
        minuteRetention != null ? minuteRetention : JdbcStatsRetention.DEFAULT_MINUTE_RETENTION;
    if (minuteRetention.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(
          "paynotify.stats.minute-retention: " + minuteRetention + " must be at least 1h");
    }
  }

  /** Every setting at its default. */
  public static StatsProperties defaults() {
    return new StatsProperties(null);
  }
}
