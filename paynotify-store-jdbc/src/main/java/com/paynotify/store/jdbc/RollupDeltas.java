package com.paynotify.store.jdbc;

import com.paynotify.notification.Attempt;
import com.paynotify.notification.LatencyBins;
import com.paynotify.notification.Notification;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The changes one transaction makes to the {@code stats_rollup} counters, added up per key (UTC
 * minute, merchant, channel) in memory and written with the rows they count, so the counters are
 * exact and survive a crash: a batch of N results is one upsert per key, not N. Keys are written in
 * one fixed order (minute, merchant, channel), so two transactions touching the same keys lock them
 * in the same order and cannot deadlock. Not thread-safe: one per transaction.
 *
 * <p>Every create and every batch of results adds to the row of the current minute of its merchant,
 * so one row per key would make concurrent transactions queue on its lock from their upsert to
 * their commit, one commit after another. Each transaction therefore writes to one of {@link
 * #SLOTS} rows per key, picked at random; readers add the slots up, and a minute costs readers at
 * most that many rows per merchant and channel.
 *
 * <p>Each row holds two views of its minute. Series counters count events when they happened:
 * {@code created} (at creation), {@code succeeded}/{@code failed}/{@code abandoned} (at
 * completion), {@code attempts} (at start). Cohort counters count the notifications created in the
 * minute by what they are now: {@code cohort_succeeded}/{@code _failed}/{@code _abandoned}, and
 * their attempts with duration sum, maximum and {@link LatencyBins} histogram. A retry of an ended
 * notification takes its ending back from both views.
 */
final class RollupDeltas {
  static final String TABLE = "stats_rollup";

  /** The hour level: each row the sum of its hour's minute rows, written with them (V15). */
  static final String HOUR_TABLE = "stats_rollup_hour";

  /**
   * The counters, in the order of {@link #VALUES}; the last {@link LatencyBins#COUNT} are the bins.
   */
  static final List<String> COUNTERS =
      Stream.concat(
              Stream.of(
                  "created",
                  "succeeded",
                  "failed",
                  "abandoned",
                  "attempts",
                  "cohort_succeeded",
                  "cohort_failed",
                  "cohort_abandoned",
                  "cohort_attempts",
                  "cohort_attempt_ms",
                  "cohort_attempt_max_ms"),
              IntStream.range(0, LatencyBins.COUNT).mapToObj(RollupDeltas::binColumn))
          .toList();

  static final int CREATED = 0;
  static final int SUCCEEDED = 1;
  static final int FAILED = 2;
  static final int ABANDONED = 3;
  static final int ATTEMPTS = 4;
  static final int COHORT_SUCCEEDED = 5;
  static final int COHORT_FAILED = 6;
  static final int COHORT_ABANDONED = 7;
  static final int COHORT_ATTEMPTS = 8;
  static final int COHORT_ATTEMPT_MS = 9;

  /** Kept as a maximum, not a sum: attempts are only ever added. */
  static final int COHORT_ATTEMPT_MAX_MS = 10;

  static final int FIRST_BIN = 11;

  /** Rows per key that concurrent transactions spread over. */
  static final int SLOTS = 8;

  private static final int H2_UNIQUE_RETRIES = 3;

  /**
   * The upsert of each dialect and table, built once: it is on every create's and result's path.
   */
  private static final Map<String, String> UPSERTS = new java.util.concurrent.ConcurrentHashMap<>();

  /** One counter row: the start of a UTC minute (or hour), a merchant and a channel. */
  record Key(Instant start, String merchantId, String channel) {
    static final Comparator<Key> ORDER =
        Comparator.comparing(Key::start).thenComparing(Key::merchantId).thenComparing(Key::channel);
  }

  private final Map<Key, long[]> deltas = new TreeMap<>(Key.ORDER);

  /** The slot of every row this transaction writes, so its keys keep one order. */
  private final int slot = ThreadLocalRandom.current().nextInt(SLOTS);

  static String binColumn(int bin) {
    return "lat_%02d".formatted(bin);
  }

  /** The start of the UTC minute holding {@code instant}. */
  static Instant minuteOf(Instant instant) {
    return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), 60) * 60);
  }

  /** The start of the UTC hour holding {@code instant}. */
  static Instant hourOf(Instant instant) {
    return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), 3600) * 3600);
  }

  /** Counts {@code notifications} as created, and as ended if they were stored already ended. */
  RollupDeltas created(List<Notification> notifications) {
    for (var n : notifications) {
      row(n.createdAt(), n)[CREATED]++;
      if (n.status().ended()) {
        ended(n, 1);
      }
    }
    return this;
  }

  /**
   * Counts a written transition from {@code previous} (null: PENDING or DELIVERING) to {@code
   * next}, with its attempt.
   */
  RollupDeltas transition(
      @Nullable Notification previous, Notification next, @Nullable Attempt attempt) {
    if (previous != null && previous.status().ended()) {
      ended(previous, -1);
    }
    if (next.status().ended()) {
      ended(next, 1);
    }
    if (attempt != null) {
      long millis = Math.max(0, attempt.duration().toMillis());
      row(attempt.startedAt(), next)[ATTEMPTS]++;
      var cohort = row(next.createdAt(), next);
      cohort[COHORT_ATTEMPTS]++;
      cohort[COHORT_ATTEMPT_MS] += millis;
      cohort[COHORT_ATTEMPT_MAX_MS] = Math.max(cohort[COHORT_ATTEMPT_MAX_MS], millis);
      cohort[FIRST_BIN + LatencyBins.binOf(millis)]++;
    }
    return this;
  }

  boolean isEmpty() {
    return deltas.values().stream().allMatch(RollupDeltas::zero);
  }

  /**
   * Adds the counted changes to {@code stats_rollup}, one upsert per key in key order, and then the
   * same changes summed per hour to {@code stats_rollup_hour}: every minute row before every hour
   * row, so concurrent writers still lock in one order.
   */
  void write(Connection connection, Dialect dialect) throws SQLException {
    var rows = deltas.entrySet().stream().filter(e -> !zero(e.getValue())).toList();
    if (rows.isEmpty()) {
      return;
    }
    upsert(connection, dialect, TABLE, rows);
    upsert(connection, dialect, HOUR_TABLE, List.copyOf(hours(rows).entrySet()));
  }

  /** The rows summed per hour (the maximum kept as a maximum), in key order. */
  private static Map<Key, long[]> hours(List<Map.Entry<Key, long[]>> minutes) {
    var hours = new TreeMap<Key, long[]>(Key.ORDER);
    for (var minute : minutes) {
      var key = minute.getKey();
      var sum =
          hours.computeIfAbsent(
              new Key(hourOf(key.start()), key.merchantId(), key.channel()),
              k -> new long[COUNTERS.size()]);
      var values = minute.getValue();
      for (int i = 0; i < values.length; i++) {
        sum[i] = i == COHORT_ATTEMPT_MAX_MS ? Math.max(sum[i], values[i]) : sum[i] + values[i];
      }
    }
    return hours;
  }

  private void upsert(
      Connection connection, Dialect dialect, String table, List<Map.Entry<Key, long[]>> rows)
      throws SQLException {
    var sql = UPSERTS.computeIfAbsent(dialect + " " + table, k -> upsert(dialect, table));
    if (dialect != Dialect.H2) {
      // An upsert writes one row; MySQL counts an update of an existing row as 2.
      Jdbc.requireEachBetween(
          Jdbc.batch(connection, sql, rows, this::bind), 1, 2, "add statistics counters");
      return;
    }
    // H2's MERGE does not wait out a concurrent insert of the same new key: the loser gets a
    // duplicate key once the winner commits, and merging again then finds the row and adds to it.
    // One statement per key, so a retry never adds a row twice.
    for (var row : rows) {
      for (int tries = 1; ; tries++) {
        try {
          Jdbc.requireOne(
              Jdbc.update(connection, sql, statement -> bind(statement, row)),
              "add statistics counters");
          break;
        } catch (SQLException e) {
          if (tries >= H2_UNIQUE_RETRIES || !dialect.isUniqueViolation(e)) {
            throw e;
          }
        }
      }
    }
  }

  private void bind(java.sql.PreparedStatement statement, Map.Entry<Key, long[]> row)
      throws SQLException {
    var p =
        new Jdbc.Params(statement)
            .instant(row.getKey().start()) // bucket_start
            .string(row.getKey().merchantId()) // merchant_id
            .string(row.getKey().channel()) // channel
            .integer(slot); // slot
    for (long value : row.getValue()) {
      p.bigint(value); // the counters, in COUNTERS order
    }
  }

  private void ended(Notification n, int sign) {
    var at = n.completedAt() != null ? n.completedAt() : n.updatedAt();
    var series = row(at, n);
    var cohort = row(n.createdAt(), n);
    switch (n.status()) {
      case SUCCEEDED -> {
        series[SUCCEEDED] += sign;
        cohort[COHORT_SUCCEEDED] += sign;
      }
      case FAILED -> {
        series[FAILED] += sign;
        cohort[COHORT_FAILED] += sign;
      }
      case ABANDONED -> {
        series[ABANDONED] += sign;
        cohort[COHORT_ABANDONED] += sign;
      }
      case PENDING, DELIVERING -> throw new IllegalStateException(n.status() + " has not ended");
    }
  }

  private long[] row(Instant at, Notification n) {
    return deltas.computeIfAbsent(
        new Key(minuteOf(at), n.merchantId(), n.channel().name()),
        key -> new long[COUNTERS.size()]);
  }

  private static boolean zero(long[] values) {
    for (long value : values) {
      if (value != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds each counter to the stored one (the maximum is kept as a maximum), inserting a missing
   * row.
   */
  static String upsert(Dialect dialect, String table) {
    var columns = new ArrayList<String>(List.of("bucket_start", "merchant_id", "channel", "slot"));
    columns.addAll(COUNTERS);
    var names = String.join(", ", columns);
    var marks = Jdbc.placeholders(columns.size());
    return switch (dialect) {
      case POSTGRESQL ->
          "INSERT INTO "
              + table
              + " ("
              + names
              + ") VALUES ("
              + marks
              + ")"
              + " ON CONFLICT (bucket_start, merchant_id, channel, slot) DO UPDATE SET "
              + COUNTERS.stream()
                  .map(c -> c + " = " + added(c, table + "." + c, "EXCLUDED." + c))
                  .collect(Collectors.joining(", "));
      case MYSQL ->
          "INSERT INTO "
              + table
              + " ("
              + names
              + ") VALUES ("
              + marks
              + ")"
              + " ON DUPLICATE KEY UPDATE "
              + COUNTERS.stream()
                  .map(c -> c + " = " + added(c, c, "VALUES(" + c + ")"))
                  .collect(Collectors.joining(", "));
      case H2 ->
          "MERGE INTO "
              + table
              + " t USING (VALUES (CAST(? AS TIMESTAMP(3)), CAST(? AS VARCHAR(64)),"
              + " CAST(? AS VARCHAR(16)), CAST(? AS SMALLINT), "
              + COUNTERS.stream().map(c -> "CAST(? AS BIGINT)").collect(Collectors.joining(", "))
              + ")) s("
              + names
              + ")"
              + " ON t.bucket_start = s.bucket_start AND t.merchant_id = s.merchant_id AND t.channel = s.channel"
              + " AND t.slot = s.slot"
              + " WHEN MATCHED THEN UPDATE SET "
              + COUNTERS.stream()
                  .map(c -> c + " = " + added(c, "t." + c, "s." + c))
                  .collect(Collectors.joining(", "))
              + " WHEN NOT MATCHED THEN INSERT ("
              + names
              + ") VALUES ("
              + columns.stream().map(c -> "s." + c).collect(Collectors.joining(", "))
              + ")";
    };
  }

  private static String added(String counter, String stored, String delta) {
    return counter.equals("cohort_attempt_max_ms")
        ? "GREATEST(" + stored + ", " + delta + ")"
        : stored + " + " + delta;
  }
}
