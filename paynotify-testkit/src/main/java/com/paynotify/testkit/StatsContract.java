package com.paynotify.testkit;

import static com.paynotify.testkit.NotificationStoreContract.ended;
import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.LatencyBins;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Percentiles;
import com.paynotify.notification.Stats;
import com.paynotify.notification.StatsBucket;
import com.paynotify.notification.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store's statistics equal a brute-force count over what it stores, for random workloads of
 * creates, results (batched), operator abandons and retries, claims and purges, with merchant and
 * channel filters, aligned and unaligned ranges, and series buckets. Purged notifications keep
 * being counted, as they were stored before the purge (statistics are history, and retention is for
 * the rows), though only in the whole UTC minutes of a range: the partial minutes at the edges of
 * an unaligned range are counted from the rows still stored. Percentiles may be read from {@link
 * LatencyBins}: within an eighth of the exact nearest-rank value.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class StatsContract {
  private static final List<String> MERCHANTS = List.of("m1", "m2", "m3");
  private static final List<Channel> CHANNELS = List.of(Channel.WEBHOOK, Channel.ALIPAY);
  private static final Duration SPAN = Duration.ofHours(3);

  /** Stores holding no notifications, no attempts and no statistics, called once per workload. */
  protected abstract NotificationStores emptyStores();

  @Test
  void statsAndSeriesEqualABruteForceCountOverRandomWorkloads() {
    for (long seed : new long[] {1, 7, 42}) {
      var stores = emptyStores();
      var model = new Model(stores);

      new Workload(stores, model, new Random(seed)).run(400);

      model.refresh();
      assertAgree(stores, model, seed);
    }
  }

  @Test
  void aBatchOfResultsCountsEachOfThem() {
    var stores = emptyStores();
    var model = new Model(stores);
    var batch = new ArrayList<Transition>();
    for (int i = 0; i < 50; i++) {
      var n =
          model.created(
              stores
                  .create(aNotification().createdAt(T0.plusMillis(i * 997L)).build())
                  .notification());
      var at = T0.plusSeconds(90 + i);
      batch.add(
          Transition.attempted(
              ended(n, NotificationStatus.SUCCEEDED, at), attempt(n, at, 10 + i * 40)));
    }

    stores.queue().apply(batch);

    model.refresh();
    assertAgree(stores, model, 0);
    assertThat(
            stores
                .reports()
                .stats(null, null, null, null)
                .byStatus()
                .get(NotificationStatus.SUCCEEDED))
        .isEqualTo(50);
  }

  @Test
  void aRetryTakesTheEndingBack() {
    var stores = emptyStores();
    var model = new Model(stores);
    var n = model.created(stores.create(aNotification().createdAt(T0).build()).notification());
    stores
        .queue()
        .apply(
            Transition.attempted(
                ended(n, NotificationStatus.FAILED, T0.plusSeconds(70)),
                attempt(n, T0.plusSeconds(65), 80)));
    var failed = stores.queue().find(n.id()).orElseThrow();

    stores.queue().apply(Transition.changed(failed, retried(failed, T0.plusSeconds(200))));

    model.refresh();
    assertAgree(stores, model, 0);
    var stats = stores.reports().stats(null, null, null, null);
    assertThat(stats.byStatus().get(NotificationStatus.FAILED)).isZero();
    assertThat(stats.byStatus().get(NotificationStatus.PENDING)).isOne();
    assertThat(stores.reports().series(null, null, T0, T0.plus(SPAN), Duration.ofMinutes(1)))
        .containsExactly(
            new StatsBucket(T0, 1, 0, 0, 0, 0), new StatsBucket(T0.plusSeconds(60), 0, 0, 0, 0, 1));
  }

  @Test
  void aRangeEndingNowCountsItsLastMinuteExactly() throws InterruptedException {
    for (boolean longestAfterTheEnd : new boolean[] {false, true}) {
      // given notifications of this minute before and after the range's end, with attempts
      var stores = emptyStores();
      var model = new Model(stores);
      var to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      if (to.toEpochMilli() % 60_000 < 2_000) {
        Thread.sleep(2_000); // room in the minute before the end
        to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      }
      var minute = to.truncatedTo(ChronoUnit.MINUTES);
      long before = Duration.between(minute, to).toMillis();
      long after = Duration.between(to, minute.plus(Duration.ofMinutes(1))).toMillis();
      for (int i = 0; i < 12; i++) {
        boolean early = i % 2 == 0;
        var createdAt = early ? minute.plusMillis(before * i / 12) : to.plusMillis(after * i / 12);
        var n =
            model.created(
                stores
                    .create(
                        aNotification()
                            .merchantId(MERCHANTS.get(i % 2))
                            .createdAt(createdAt)
                            .build())
                    .notification());
        if (i % 3 != 2) {
          long millis = early != longestAfterTheEnd && i < 2 ? 9_000 : 40 + i;
          var at = createdAt.plusMillis(100);
          var status = i % 3 == 0 ? NotificationStatus.SUCCEEDED : NotificationStatus.FAILED;
          stores.queue().apply(Transition.attempted(ended(n, status, at), attempt(n, at, millis)));
        }
      }
      model.refresh();

      // when the range ends now, then its counts are those of the rows created before the end
      var merchants = new ArrayList<@Nullable String>(List.of("m1"));
      merchants.add(null);
      for (var merchant : merchants) {
        var what = "merchant " + merchant + ", longest after the end: " + longestAfterTheEnd;
        assertSameStats(
            stores.reports().stats(merchant, null, minute.minus(Duration.ofHours(1)), to),
            model.stats(merchant, null, minute.minus(Duration.ofHours(1)), to),
            what);
        assertSameStats(
            stores.reports().stats(merchant, null, null, to),
            model.stats(merchant, null, null, to),
            what + ", from the start");
      }
    }
  }

  @Test
  void aRangeEndingAtTheLatestInstantTheApiTakesIsCounted() {
    // given one notification, and an end in the last minute of year 9999 (past "now", so its
    // minute's counters are read up to the minute after it)
    var stores = emptyStores();
    var model = new Model(stores);
    model.created(stores.create(aNotification().createdAt(T0).build()).notification());
    model.refresh();
    var latest = Instant.parse("9999-12-31T23:59:59Z");

    // when the range ends there, then it counts what the rows say
    assertSameStats(
        stores.reports().stats(null, null, null, latest),
        model.stats(null, null, null, latest),
        "to " + latest);
  }

  // --- the comparison

  private static void assertAgree(NotificationStores stores, Model model, long seed) {
    var ranges = new ArrayList<Instant[]>();
    ranges.add(new Instant[] {null, null});
    ranges.add(new Instant[] {T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofHours(2))});
    ranges.add(new Instant[] {T0.plusMillis(433_457), T0.plusMillis(7_141_001)});
    ranges.add(new Instant[] {T0.plusMillis(3_000_250), T0.plusMillis(3_030_750)});
    ranges.add(new Instant[] {T0.plusMillis(3_050_000), T0.plusMillis(3_130_000)});
    ranges.add(new Instant[] {T0.plusMillis(1_234), null});
    ranges.add(new Instant[] {null, T0.plusMillis(5_400_321)});
    var merchants = new ArrayList<@Nullable String>(List.of("m1"));
    merchants.add(null);
    var channels = new ArrayList<@Nullable Channel>(List.of(Channel.ALIPAY));
    channels.add(null);
    for (var merchant : merchants) {
      for (var channel : channels) {
        for (var range : ranges) {
          var what =
              "seed "
                  + seed
                  + ", merchant "
                  + merchant
                  + ", channel "
                  + channel
                  + ", ["
                  + range[0]
                  + ", "
                  + range[1]
                  + ")";
          assertSameStats(
              stores.reports().stats(merchant, channel, range[0], range[1]),
              model.stats(merchant, channel, range[0], range[1]),
              what);
        }
        for (var bucket :
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1))) {
          var from = T0.minus(Duration.ofHours(1));
          var to = T0.plus(SPAN).plus(Duration.ofHours(2));
          assertThat(stores.reports().series(merchant, channel, from, to, bucket))
              .as("series by %s, seed %d, merchant %s, channel %s", bucket, seed, merchant, channel)
              .containsExactlyElementsOf(model.series(merchant, channel, from, to, bucket));
        }
      }
    }
  }

  private static void assertSameStats(Stats actual, Stats expected, String what) {
    assertThat(actual.byStatus()).as("by status, " + what).isEqualTo(expected.byStatus());
    assertThat(actual.successRate()).as("success rate, " + what).isEqualTo(expected.successRate());
    assertThat(actual.attempts()).as("attempts, " + what).isEqualTo(expected.attempts());
    assertThat(actual.averageAttemptDuration())
        .as("average, " + what)
        .isEqualTo(expected.averageAttemptDuration());
    assertThat(actual.maxAttemptDuration())
        .as("max, " + what)
        .isEqualTo(expected.maxAttemptDuration());
    assertWithinBins(
        actual.attemptPercentiles().p50(), expected.attemptPercentiles().p50(), "p50, " + what);
    assertWithinBins(
        actual.attemptPercentiles().p95(), expected.attemptPercentiles().p95(), "p95, " + what);
    assertWithinBins(
        actual.attemptPercentiles().p99(), expected.attemptPercentiles().p99(), "p99, " + what);
  }

  private static void assertWithinBins(Duration actual, Duration exact, String what) {
    long v = exact.toMillis();
    assertThat((double) Math.abs(actual.toMillis() - v))
        .as(what + ": " + actual + " against exactly " + exact)
        .isLessThanOrEqualTo(v / 8.0);
  }

  // --- the brute force

  /**
   * Every notification the store was given, as it is stored now (or, once purged, as it was stored
   * just before), with its attempts.
   */
  private static final class Model {
    private final NotificationStores stores;
    private final Map<String, Notification> notifications = new LinkedHashMap<>();
    private final Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
    private final Set<String> purged = new HashSet<>();

    Model(NotificationStores stores) {
      this.stores = stores;
    }

    Notification created(Notification n) {
      notifications.put(n.id(), n);
      attempts.put(n.id(), List.of());
      return n;
    }

    /** Reads every notification still stored again; purged ones keep their last stored state. */
    void refresh() {
      for (var id : List.copyOf(notifications.keySet())) {
        var stored = stores.queue().find(id);
        if (stored.isPresent()) {
          notifications.put(id, stored.get());
          attempts.put(id, stores.reports().findAttempts(id));
        } else {
          purged.add(id);
        }
      }
    }

    List<Notification> matching(@Nullable String merchant, @Nullable Channel channel) {
      return notifications.values().stream()
          .filter(n -> merchant == null || n.merchantId().equals(merchant))
          .filter(n -> channel == null || n.channel() == channel)
          .toList();
    }

    Stats stats(
        @Nullable String merchant,
        @Nullable Channel channel,
        @Nullable Instant from,
        @Nullable Instant to) {
      var byStatus = new EnumMap<NotificationStatus, Long>(NotificationStatus.class);
      for (var status : NotificationStatus.values()) {
        byStatus.put(status, 0L);
      }
      var durations = new TreeMap<Long, Long>();
      long sum = 0;
      long max = 0;
      long count = 0;
      for (var n : matching(merchant, channel)) {
        if ((from != null && n.createdAt().isBefore(from))
            || (to != null && !n.createdAt().isBefore(to))) {
          continue;
        }
        var minute = Instant.ofEpochSecond(Math.floorDiv(n.createdAt().getEpochSecond(), 60) * 60);
        boolean wholeMinute =
            (from == null || !minute.isBefore(from))
                && (to == null || !minute.plusSeconds(60).isAfter(to));
        if (purged.contains(n.id()) && !wholeMinute) {
          continue;
        }
        byStatus.merge(n.status(), 1L, Long::sum);
        for (var a : attempts.get(n.id())) {
          long ms = a.duration().toMillis();
          durations.merge(ms, 1L, Long::sum);
          sum += ms;
          max = Math.max(max, ms);
          count++;
        }
      }
      long succeeded = byStatus.get(NotificationStatus.SUCCEEDED);
      long ended =
          succeeded
              + byStatus.get(NotificationStatus.FAILED)
              + byStatus.get(NotificationStatus.ABANDONED);
      return new Stats(
          byStatus,
          ended == 0 ? 0.0 : (double) succeeded / ended,
          count,
          count == 0 ? Duration.ZERO : Duration.ofMillis(sum).dividedBy(count),
          Duration.ofMillis(max),
          Percentiles.of(durations));
    }

    List<StatsBucket> series(
        @Nullable String merchant,
        @Nullable Channel channel,
        Instant from,
        Instant to,
        Duration bucket) {
      var counts = new TreeMap<Long, long[]>();
      for (var n : matching(merchant, channel)) {
        count(counts, n.createdAt(), from, to, bucket, 0);
        if (n.completedAt() != null) {
          int slot =
              switch (n.status()) {
                case SUCCEEDED -> 1;
                case FAILED -> 2;
                case ABANDONED -> 3;
                case PENDING, DELIVERING ->
                    throw new IllegalStateException(n.id() + " is active with a completion time");
              };
          count(counts, n.completedAt(), from, to, bucket, slot);
        }
        for (var a : attempts.get(n.id())) {
          count(counts, a.startedAt(), from, to, bucket, 4);
        }
      }
      var series = new ArrayList<StatsBucket>();
      counts.forEach(
          (start, c) ->
              series.add(
                  new StatsBucket(Instant.ofEpochSecond(start), c[0], c[1], c[2], c[3], c[4])));
      return series;
    }

    private static void count(
        TreeMap<Long, long[]> counts,
        Instant at,
        Instant from,
        Instant to,
        Duration bucket,
        int slot) {
      if (at.isBefore(from) || !at.isBefore(to)) {
        return;
      }
      long start = Math.floorDiv(at.getEpochSecond(), bucket.toSeconds()) * bucket.toSeconds();
      counts.computeIfAbsent(start, s -> new long[5])[slot]++;
    }
  }

  // --- the workload

  private static final class Workload {
    private final NotificationStores stores;
    private final Model model;
    private final Random random;
    private final List<String> ids = new ArrayList<>();

    Workload(NotificationStores stores, Model model, Random random) {
      this.stores = stores;
      this.model = model;
      this.random = random;
    }

    void run(int steps) {
      for (int step = 0; step < steps; step++) {
        int dice = random.nextInt(100);
        if (dice < 35 || ids.size() < 5) {
          create();
        } else if (dice < 70) {
          results();
        } else if (dice < 78) {
          claim();
        } else if (dice < 85) {
          abandon();
        } else if (dice < 95) {
          retry();
        } else {
          purge();
        }
      }
    }

    private void create() {
      var n =
          aNotification()
              .merchantId(MERCHANTS.get(random.nextInt(MERCHANTS.size())))
              .channel(CHANNELS.get(random.nextInt(CHANNELS.size())))
              .createdAt(T0.plusMillis(random.nextLong(SPAN.toMillis())))
              .build();
      model.created(stores.create(n).notification());
      ids.add(n.id());
    }

    /** A batch of delivery results: successes, failures with a retry to come, final failures. */
    private void results() {
      var batch = new ArrayList<Transition>();
      for (int i = random.nextInt(1, 8); i > 0; i--) {
        var n = current();
        if (n == null
            || n.status().ended()
            || batch.stream().anyMatch(t -> t.next().id().equals(n.id()))) {
          continue;
        }
        var at = later(n);
        var attempt = attempt(n, at.minusMillis(random.nextInt(1, 5_000)), duration());
        var next =
            switch (random.nextInt(3)) {
              case 0 -> ended(n, NotificationStatus.SUCCEEDED, at);
              case 1 -> ended(n, NotificationStatus.FAILED, at);
              default ->
                  n.toBuilder()
                      .status(NotificationStatus.PENDING)
                      .attempts(n.attempts() + 1)
                      .nextAttemptAt(at.plusSeconds(30))
                      .leaseUntil(null)
                      .updatedAt(at)
                      .build();
            };
        batch.add(Transition.attempted(next, attempt));
      }
      stores.queue().apply(batch);
    }

    private void claim() {
      stores
          .queue()
          .claimDue(
              T0.plus(SPAN).plus(SPAN),
              random.nextInt(1, 4),
              T0.plus(SPAN).plus(SPAN).plusSeconds(30));
    }

    private void abandon() {
      var n = current();
      if (n != null
          && n.status() != NotificationStatus.SUCCEEDED
          && n.status() != NotificationStatus.DELIVERING) {
        stores
            .queue()
            .apply(Transition.changed(n, ended(n, NotificationStatus.ABANDONED, later(n))));
      }
    }

    private void retry() {
      var n = current();
      if (n != null
          && (n.status() == NotificationStatus.FAILED
              || n.status() == NotificationStatus.ABANDONED)) {
        stores.queue().apply(Transition.changed(n, retried(n, later(n))));
      }
    }

    private void purge() {
      model.refresh();
      stores
          .queue()
          .purgeEnded(T0.plusMillis(random.nextLong(SPAN.toMillis() * 2)), random.nextInt(1, 10));
    }

    /** A random stored notification as it is now, or null if it was purged. */
    private @Nullable Notification current() {
      return stores.queue().find(ids.get(random.nextInt(ids.size()))).orElse(null);
    }

    private Instant later(Notification n) {
      var after = n.completedAt() != null ? n.completedAt() : n.createdAt();
      return after.plusMillis(random.nextLong(1, 20 * 60_000));
    }

    /** Mostly tens to hundreds of milliseconds, some under 8 ms, a few seconds. */
    private long duration() {
      return switch (random.nextInt(10)) {
        case 0 -> random.nextInt(8);
        case 1 -> random.nextLong(1_000, 30_000);
        default -> (long) Math.exp(random.nextDouble(Math.log(8), Math.log(1_000)));
      };
    }
  }

  private static Notification retried(Notification n, Instant at) {
    return n.toBuilder()
        .status(NotificationStatus.PENDING)
        .nextAttemptAt(at)
        .maxAttempts(Math.max(n.maxAttempts(), n.attempts() + 1))
        .completedAt(null)
        .abandonReason(null)
        .updatedAt(at)
        .build();
  }

  private static Attempt attempt(Notification n, Instant startedAt, long millis) {
    return new Attempt(
        n.id(), n.attempts() + 1, startedAt, Duration.ofMillis(millis), 200, "success", null, null);
  }
}
