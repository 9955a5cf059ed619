package com.paynotify.retry;

import com.paynotify.InvalidRequestException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 500ms}, {@code 15s}, {@code 4m}, {@code 2h}, {@code
 * 1d}, or ISO-8601 ({@code PT15S}).
 */
public final class DurationText {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private DurationText() {}

  /**
   * Parses one duration.
   *
   * @throws IllegalArgumentException naming the text when it is neither form
   */
  public static Duration parse(String text) {
    var trimmed = text.trim().toLowerCase(Locale.ROOT);
    var matcher = SHORT.matcher(trimmed);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          InvalidRequestException.echo(text)
              + " is not a duration: write 15s, 4m, 2h, 1d or ISO-8601 like PT15S");
    }
  }

  public static List<Duration> parseAll(String... texts) {
    return Arrays.stream(texts).map(DurationText::parse).toList();
  }

  /** The shortest exact short form: {@code 4m}, {@code 90s}, {@code 1500ms}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000 == 0) return millis / 86_400_000 + "d";
    if (millis % 3_600_000 == 0) return millis / 3_600_000 + "h";
    if (millis % 60_000 == 0) return millis / 60_000 + "m";
    if (millis % 1_000 == 0) return millis / 1_000 + "s";
    return millis + "ms";
  }
}
