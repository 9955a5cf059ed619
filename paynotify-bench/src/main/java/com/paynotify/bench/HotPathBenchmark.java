package com.paynotify.bench;

import com.paynotify.channel.Callback;
import com.paynotify.channel.WebhookSignature;
import com.paynotify.delivery.Cidr;
import com.paynotify.delivery.Exchange;
import com.paynotify.delivery.NetworkPolicy;
import com.paynotify.http.HttpClient5Transport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The hot path's figures from one command, each beside its target from issue 10: the HTTP ceiling
 * of this machine measured in the same run, end-to-end throughput and its ratio to that ceiling,
 * CPU per delivered notification of PostgreSQL and of the server, the database work per
 * notification, create-to-first-attempt latency at a steady rate with and without a large waiting
 * backlog, the server's live heap, the latency of a week's stats over a large table, and the bulk
 * create rate.
 *
 * <p>The server runs as a process of its own ({@code java -jar paynotify-server-exec.jar}) on a
 * fresh PostgreSQL database and then on the embedded H2 default; the mock merchant and the load run
 * in this JVM. Everything listens on 127.0.0.1 and every wait is bounded. See {@link Options} for
 * the arguments; {@code -Dbench.jfr=true} records the server during the end-to-end phase and prints
 * its hot methods.
 */
public final class HotPathBenchmark {
  private static final String TOKEN = "bench-token";
  private static final Pattern ID = Pattern.compile("\"id\":\"(ntf_[0-9A-Za-z_]+)\"");
  private static final double CEILING_RATIO_TARGET = 0.4;
  private static final double PG_CPU_TARGET_MS = 0.4;
  private static final double SERVER_CPU_TARGET_MS = 0.5;
  private static final long P99_TARGET_MS = 50;
  private static final long STATS_TARGET_MS = 100;
  private static final Duration STATS_TIMEOUT = Duration.ofSeconds(120);

  /** The most warm-up rounds before measuring, however busy the JIT compiler still is. */
  private static final int MAX_WARM_UP_ROUNDS = 30;

  /** Warm once the compiler took less than 1/{@value} of a round's time (of one of its threads). */
  private static final int WARM_COMPILE_SHARE = 20;

  /** End to end on H2 before the redesign (README, performance): the H2 target is twice this. */
  private static final double H2_BEFORE = 542;

  private final Options options;
  private int warmUps;

  /** The server's heap and meters only; the load goes through {@link #api}. */
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * The load clients: one pooled keep-alive connection per concurrent request, as many as the paced
   * run may have open.
   */
  private final ApiClient api = new ApiClient(TOKEN, 600);

  private HotPathBenchmark(Options options) {
    this.options = options;
  }

  /**
   * The benchmark's settings, each from {@code --name value}.
   *
   * @param database {@code postgres}, {@code h2} or {@code both} (default)
   * @param senders concurrent requests to the merchant: the server's per-host limit and the
   *     ceiling's senders
   * @param bulkSize creates per {@code POST /api/v1/notifications/batch} in the bulk end-to-end run
   * @param bulkClients concurrent clients of the bulk end-to-end run
   * @param h2Baseline end-to-end notifications/s on H2 before the redesign, whose double is H2's
   *     target
   */
  record Options(
      String database,
      int notifications,
      int clients,
      int senders,
      int warmup,
      int ceilingRequests,
      int rate,
      int pacedSeconds,
      int backlog,
      int statsRows,
      int statsAttempts,
      int statsCalls,
      int batchSize,
      int batchRequests,
      int bulkSize,
      int bulkClients,
      double h2Baseline,
      Path serverJar,
      boolean jfr,
      boolean keep) {

    static Options parse(String[] args) {
      int statsRows = intArg(args, "--stats-rows", 200_000);
      return new Options(
          stringArg(args, "--database", "both"),
          intArg(args, "--notifications", 20_000),
          intArg(args, "--clients", 32),
          intArg(args, "--senders", 64),
          intArg(args, "--warmup", 2_000),
          intArg(args, "--ceiling-requests", 30_000),
          intArg(args, "--rate", 1_000),
          intArg(args, "--paced-seconds", 20),
          intArg(args, "--backlog", 100_000),
          statsRows,
          intArg(args, "--stats-attempts", statsRows / 6 * 5),
          intArg(args, "--stats-calls", 5),
          intArg(args, "--batch-size", 1_000),
          intArg(args, "--batch-requests", 20),
          intArg(args, "--bulk-size", 100),
          intArg(args, "--bulk-clients", 4),
          Double.parseDouble(stringArg(args, "--h2-baseline", Double.toString(H2_BEFORE))),
          Path.of(
              stringArg(args, "--server-jar", "paynotify-server/target/paynotify-server-exec.jar")),
          Boolean.getBoolean("bench.jfr"),
          List.of(args).contains("--keep"));
    }
  }

  public static void main(String[] args) throws Exception {
    var options = Options.parse(args);
    var bench = new HotPathBenchmark(options);
    var databases = new ArrayList<java.util.function.Supplier<BenchDatabase>>();
    if (!options.database().equals("h2")) {
      databases.add(BenchDatabase::postgres);
    }
    if (!options.database().equals("postgres")) {
      databases.add(BenchDatabase::h2);
    }
    var summaries = new ArrayList<String>();
    boolean failed = false;
    for (var database : databases) {
      try {
        var summary = bench.run(database.get());
        System.out.println(summary);
        summaries.add(summary);
      } catch (Exception e) {
        // One database failing should not lose the other's figures.
        System.out.println("run failed: " + e);
        e.printStackTrace();
        failed = true;
      }
    }
    if (summaries.size() > 1) {
      System.out.println();
      summaries.forEach(System.out::println);
    }
    if (failed) {
      System.exit(1);
    }
  }

  /** Everything measured on one database; the summary block is built from it. */
  private static final class Figures {
    String database = "";
    double ceiling;
    double endToEnd;
    int delivered;
    long serverCpuMs;
    long serverCompileMs;
    long benchCpuMs;
    @Nullable Bulk bulk;
    PostgresCounters.@Nullable Delta pg;
    @Nullable String pgNote;
    @Nullable Paced paced;
    @Nullable Paced pacedWithBacklog;
    double heapBefore;
    double heapAfter;
    long backlogRows;
    long statsNotifications;
    long statsAttempts;
    List<Duration> statsCalls = List.of();
    String batch = "not measured";
    @Nullable String sizes;
    Map<String, double[]> storeCalls = new TreeMap<>();
  }

  /**
   * The bulk end-to-end run: notifications delivered, per second, and CPU of the server and of this
   * JVM.
   */
  record Bulk(int delivered, double rate, long serverCpuMs, long benchCpuMs) {}

  /** A paced run: the rate asked and reached, and create-to-first-attempt latencies. */
  record Paced(
      int asked,
      double reached,
      int created,
      int delivered,
      Duration p50,
      Duration p99,
      Duration max) {}

  private String run(BenchDatabase database) throws Exception {
    var runDir = Files.createTempDirectory("paynotify-hotpath");
    var figures = new Figures();
    var h2 = database instanceof BenchDatabase.H2;
    System.out.println("== " + database.description() + "; server logs in " + runDir);
    try (var merchant = new MockMerchant()) {
      var arguments = serverArguments(database, runDir);
      var server = ServerProcess.start(options.serverJar(), arguments, runDir, "server");
      try (var counters =
          database instanceof BenchDatabase.Postgres p ? new PostgresCounters(p) : null) {
        figures.database =
            counters == null ? "embedded H2 (the default)" : "PostgreSQL " + counters.version();
        if (counters != null) {
          figures.pgNote =
              counters.statementsNote()
                  + "\nsettings: "
                  + counters.settings()
                  + "; VACUUM (ANALYZE) between phases";
        }
        post("/api/v1/merchants", "{\"id\":\"bench\",\"name\":\"Bench\"}", server);
        warmUp(server, merchant, options.warmup());

        figures.ceiling = ceiling(merchant);
        vacuum(counters);
        endToEnd(server, merchant, counters, figures, runDir);
        vacuum(counters);
        figures.bulk = endToEndBulk(server, merchant);

        vacuum(counters);
        figures.paced = paced(server, merchant, "P-");
        figures.heapBefore = server.liveHeapMib(http);

        System.out.printf(
            "backlog: storing %d notifications due in a day by SQL ...%n", options.backlog());
        server =
            fill(
                server,
                database,
                arguments,
                runDir,
                fill ->
                    fill.backlog(
                        options.backlog(), merchant.url(), Instant.now().plus(Duration.ofDays(1))));
        figures.backlogRows = options.backlog();
        if (h2) {
          warmUp(server, merchant, options.warmup());
        }
        figures.pacedWithBacklog = paced(server, merchant, "PB-");
        figures.heapAfter = server.liveHeapMib(http);

        System.out.printf(
            "stats: storing %d ended notifications and %d attempts over 7 days by SQL ...%n",
            options.statsRows(), options.statsAttempts());
        var totals = new long[2];
        server =
            fill(
                server,
                database,
                arguments,
                runDir,
                fill -> {
                  fill.ended(
                      options.statsRows(),
                      options.statsAttempts(),
                      Duration.ofDays(7),
                      merchant.url());
                  totals[0] = fill.count("notification");
                  totals[1] = fill.count("attempt");
                });
        figures.statsNotifications = totals[0];
        figures.statsAttempts = totals[1];
        figures.statsCalls = stats(server);
        if (counters != null) {
          figures.sizes = counters.sizes("notification") + "; " + counters.sizes("attempt");
        }
        figures.batch = batch(server, merchant);
      } finally {
        server.close();
      }
    } finally {
      database.drop();
      if (!options.keep() && !options.jfr()) {
        delete(runDir);
      }
    }
    return summary(figures, h2);
  }

  private static void vacuum(@Nullable PostgresCounters counters) throws java.sql.SQLException {
    if (counters != null) {
      counters.vacuum();
    }
  }

  private List<String> serverArguments(BenchDatabase database, Path runDir) {
    var arguments =
        new ArrayList<>(
            List.of(
                "--paynotify.api-token=" + TOKEN,
                "--paynotify.delivery.allowed-networks=127.0.0.0/8",
                "--paynotify.delivery.max-per-host=" + options.senders()));
    arguments.addAll(database.serverArguments());
    if (database instanceof BenchDatabase.Postgres) {
      // The generated master key goes to the data directory, which is not this checkout's ./data.
      arguments.add("--paynotify.data-dir=" + runDir.resolve("data"));
    }
    return arguments;
  }

  /**
   * A database change from this JVM; H2's file is locked by its server, so the server is restarted
   * around it.
   */
  private ServerProcess fill(
      ServerProcess server,
      BenchDatabase database,
      List<String> arguments,
      Path runDir,
      FillStep step)
      throws Exception {
    var h2 = database instanceof BenchDatabase.H2;
    if (h2) {
      server.close();
    }
    var start = Instant.now();
    try (var fill = TableFill.open(database)) {
      step.run(fill);
    }
    System.out.printf(
        "  stored in %.1f s%n", DeliveryBenchmark.seconds(Duration.between(start, Instant.now())));
    if (!h2) {
      return server;
    }
    return ServerProcess.start(
        options.serverJar(), arguments, runDir, "server-" + start.toEpochMilli());
  }

  @FunctionalInterface
  private interface FillStep {
    void run(TableFill fill) throws Exception;
  }

  private void warmUp(ServerProcess server, MockMerchant merchant, int count)
      throws IOException, InterruptedException {
    // Rounds of single and bulk creates until the server's JIT compiler is nearly idle, so the
    // measured phases time the warm server a long-running node is, not its compiler.
    for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
      var compiledBefore = server.compileTime();
      long start = System.nanoTime();
      // A fresh prefix each time: a repeated order number would be answered as the existing
      // notification.
      var prefix = "W" + (++warmUps) + "-";
      var created = createClosed(server, merchant, prefix, count, options.clients()).keySet();
      awaitArrivals(merchant, created, Duration.ofSeconds(120));
      var bulk = createBulk(server, merchant, prefix + "B", count);
      awaitArrivals(merchant, bulk, Duration.ofSeconds(120));
      merchant.arrivals().clear();
      var took = Duration.ofNanos(System.nanoTime() - start);
      var compiling = server.compileTime().minus(compiledBefore);
      System.out.printf(
          "warm-up %d: %d single and %d bulk creates in %d ms, the server compiling %d ms%n",
          round, count, count, took.toMillis(), compiling.toMillis());
      if (compiling.toMillis() * WARM_COMPILE_SHARE < took.toMillis()) {
        return;
      }
    }
  }

  /**
   * A plain sender at the merchant: the server's HTTP client library, as many concurrent requests
   * as the server may have to one host, fixed webhook-shaped requests with nothing to sign or
   * store.
   */
  private double ceiling(MockMerchant merchant) throws InterruptedException {
    var policy = NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")));
    double rate;
    try (var transport = new HttpClient5Transport(policy, options.senders(), options.senders())) {
      send(transport, merchant, Math.min(5_000, options.ceilingRequests()), "CW-");
      var start = System.nanoTime();
      int failures = send(transport, merchant, options.ceilingRequests(), "C-");
      rate = options.ceilingRequests() / ((System.nanoTime() - start) / 1e9);
      System.out.printf(
          "HTTP ceiling: %d requests from %d senders at %.0f/s (%d failed)%n",
          options.ceilingRequests(), options.senders(), rate, failures);
    }
    merchant.arrivals().clear();
    return rate;
  }

  private int send(HttpClient5Transport transport, MockMerchant merchant, int count, String prefix)
      throws InterruptedException {
    var url = URI.create(merchant.url());
    var next = new AtomicInteger();
    var failures = new AtomicInteger();
    var signature = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int s = 0; s < options.senders(); s++) {
        pool.execute(
            () -> {
              int i;
              while ((i = next.getAndIncrement()) < count) {
                var id = "ntf_" + prefix + i;
                var body =
                    """
                {"id":"%s","type":"payment.success","timestamp":"%s","data":{"merchantId":"bench","orderNo":"%s%d",\
                "paymentStatus":"SUCCESS","amount":"100.00","currency":"CNY"}}"""
                        .formatted(id, Instant.now(), prefix, i);
                var callback =
                    new Callback(
                        "application/json",
                        Map.of(
                            WebhookSignature.ID_HEADER, id,
                            WebhookSignature.TIMESTAMP_HEADER,
                                Long.toString(Instant.now().getEpochSecond()),
                            WebhookSignature.SIGNATURE_HEADER, signature),
                        body.getBytes(StandardCharsets.UTF_8));
                if (!(transport.send(url, callback, Duration.ofSeconds(10))
                        instanceof Exchange.Answered a
                    && a.status() == 200)) {
                  failures.incrementAndGet();
                }
              }
            });
      }
    }
    return failures.get();
  }

  /**
   * N creates through the API from the load clients until each signed callback was acknowledged.
   */
  private void endToEnd(
      ServerProcess server,
      MockMerchant merchant,
      @Nullable PostgresCounters counters,
      Figures figures,
      Path runDir)
      throws Exception {
    PostgresCounters.@Nullable Reading before = null;
    if (counters != null) {
      counters.settle();
      before = counters.read();
    }
    var jfr = runDir.resolve("server-end-to-end.jfr");
    if (options.jfr()) {
      server.jcmd("JFR.start", "name=hotpath", "settings=profile");
    }
    var storeBefore = server.storeCalls(http);
    long compilerCpu = server.compilerCpuMillis();
    long serverCpu = server.cpuMillis();
    long benchCpu = ProcCpu.millis(ProcessHandle.current().pid()).orElse(0);
    var start = Instant.now();
    var created = createClosed(server, merchant, "E-", options.notifications(), options.clients());
    var createdBy = Instant.now();
    var last =
        awaitArrivals(
            merchant, created.keySet(), Duration.ofSeconds(60 + options.notifications() / 100));
    int delivered =
        (int) created.keySet().stream().filter(merchant.arrivals()::containsKey).count();
    // The last results are written just after their callbacks are acknowledged.
    Thread.sleep(1_000);
    figures.serverCpuMs = server.cpuMillis() - serverCpu;
    figures.serverCompileMs = server.compilerCpuMillis() - compilerCpu;
    figures.benchCpuMs = ProcCpu.millis(ProcessHandle.current().pid()).orElse(0) - benchCpu;
    PostgresCounters.@Nullable Reading cpuAfter = counters != null ? counters.read() : null;
    var storeAfter = server.storeCalls(http);
    storeAfter.forEach(
        (operation, after) -> {
          var was = storeBefore.getOrDefault(operation, new double[2]);
          if (after[0] > was[0]) {
            figures.storeCalls.put(operation, new double[] {after[0] - was[0], after[1] - was[1]});
          }
        });
    if (options.jfr()) {
      var stopped = server.jcmd("JFR.stop", "name=hotpath", "filename=" + jfr);
      if (!Files.exists(jfr)) {
        System.out.println("JFR: no recording written: " + stopped.strip());
      }
    }
    var elapsed = Duration.between(start, last);
    figures.delivered = delivered;
    figures.endToEnd = delivered / DeliveryBenchmark.seconds(elapsed);
    System.out.printf(
        "end to end: %d created in %.2f s (%.0f/s through the API), %d delivered in %.2f s: %.0f/s%n",
        created.size(),
        DeliveryBenchmark.seconds(Duration.between(start, createdBy)),
        created.size() / DeliveryBenchmark.seconds(Duration.between(start, createdBy)),
        delivered,
        DeliveryBenchmark.seconds(elapsed),
        figures.endToEnd);
    if (counters != null && before != null && cpuAfter != null) {
      counters.settle();
      var after = counters.read();
      var cpu = counters.between(before, cpuAfter);
      var work = counters.between(before, after);
      figures.pg =
          new PostgresCounters.Delta(
              cpu.databaseCpuMillis(),
              cpu.clusterCpuMillis(),
              work.commits(),
              work.rollbacks(),
              work.tables(),
              work.statements());
    }
    merchant.arrivals().clear();
    if (options.jfr() && Files.exists(jfr)) {
      JfrSummary.print(jfr, 25);
    }
  }

  /**
   * The same notifications as {@link #endToEnd}, created through {@code POST
   * /api/v1/notifications/batch} in batches of {@code --bulk-size} from {@code --bulk-clients}
   * clients, until each signed callback was acknowledged: what the server costs when the API's
   * per-request work is shared by a batch.
   */
  private @Nullable Bulk endToEndBulk(ServerProcess server, MockMerchant merchant)
      throws InterruptedException {
    var probe = send(server, "POST", "/api/v1/notifications/batch", "[]");
    if (probe.statusCode() == 404 || probe.statusCode() == 405) {
      return null;
    }
    int count = options.notifications();
    long serverCpu = server.cpuMillis();
    long benchCpu = ProcCpu.millis(ProcessHandle.current().pid()).orElse(0);
    var start = Instant.now();
    var created = createBulk(server, merchant, "EB-", count);
    var createdBy = Instant.now();
    var last = awaitArrivals(merchant, created, Duration.ofSeconds(60 + count / 100));
    int delivered = (int) created.stream().filter(merchant.arrivals()::containsKey).count();
    Thread.sleep(1_000); // the last results are written just after their callbacks are acknowledged
    var bulk =
        new Bulk(
            delivered,
            delivered / DeliveryBenchmark.seconds(Duration.between(start, last)),
            server.cpuMillis() - serverCpu,
            ProcCpu.millis(ProcessHandle.current().pid()).orElse(0) - benchCpu);
    System.out.printf(
        "end to end, bulk create: %d created in %.2f s in batches of %d from %d clients, %d delivered: %.0f/s%n",
        created.size(),
        DeliveryBenchmark.seconds(Duration.between(start, createdBy)),
        options.bulkSize(),
        options.bulkClients(),
        delivered,
        bulk.rate());
    merchant.arrivals().clear();
    return bulk;
  }

  /**
   * Creates {@code count} notifications in batches of {@code --bulk-size} from {@code
   * --bulk-clients} clients; the ids created. Failed batches are reported.
   */
  private java.util.Set<String> createBulk(
      ServerProcess server, MockMerchant merchant, String prefix, int count)
      throws InterruptedException {
    int batches = (count + options.bulkSize() - 1) / options.bulkSize();
    var created = ConcurrentHashMap.<String>newKeySet();
    var next = new AtomicInteger();
    var failures = new AtomicInteger();
    var firstFailure = new java.util.concurrent.atomic.AtomicReference<String>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < options.bulkClients(); c++) {
        pool.execute(
            () -> {
              int b;
              while ((b = next.getAndIncrement()) < batches) {
                int size = Math.min(options.bulkSize(), count - b * options.bulkSize());
                try {
                  var m =
                      ID.matcher(
                          post(
                              "/api/v1/notifications/batch",
                              batchBody(prefix + b + "-", size, merchant.url()),
                              server));
                  while (m.find()) {
                    created.add(m.group(1));
                  }
                } catch (RuntimeException e) {
                  failures.incrementAndGet();
                  firstFailure.compareAndSet(null, e.getMessage());
                }
              }
            });
      }
    }
    if (failures.get() > 0) {
      System.out.printf(
          "  %d of %d batches failed; the first: %s%n",
          failures.get(), batches, firstFailure.get());
    }
    return created;
  }

  /** Where in a paced run its slowest creates were: the p99 of those sent in each second. */
  private static String p99BySecond(Map<String, Instant> sentAt, MockMerchant merchant) {
    var first = sentAt.values().stream().min(Instant::compareTo).orElseThrow();
    var bySecond = new TreeMap<Long, List<Duration>>();
    sentAt.forEach(
        (id, sent) -> {
          var arrived = merchant.arrivals().get(id);
          if (arrived != null) {
            bySecond
                .computeIfAbsent(Duration.between(first, sent).toSeconds(), k -> new ArrayList<>())
                .add(Duration.between(sent, arrived));
          }
        });
    return bySecond.values().stream()
        .map(second -> Long.toString(Percentiles.of(second, 99).toMillis()))
        .collect(Collectors.joining(" "));
  }

  /**
   * Creates at a steady rate for the paced duration; each latency is from sending the create to the
   * callback's arrival.
   */
  private Paced paced(ServerProcess server, MockMerchant merchant, String prefix)
      throws InterruptedException {
    int count = options.rate() * options.pacedSeconds();
    var sentAt = new ConcurrentHashMap<String, Instant>();
    var failures = new AtomicInteger();
    var firstFailure = new java.util.concurrent.atomic.AtomicReference<String>();
    var outstanding = new Semaphore(512);
    long interval = 1_000_000_000L / options.rate();
    long t0 = System.nanoTime();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        long wait;
        while ((wait = t0 + i * interval - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        outstanding.acquire();
        var orderNo = prefix + i;
        pool.execute(
            () -> {
              try {
                var sent = Instant.now();
                var id =
                    id(
                        post(
                            "/api/v1/notifications",
                            notification(orderNo, merchant.url()),
                            server));
                if (id != null) {
                  sentAt.put(id, sent);
                }
              } catch (RuntimeException e) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, e.getMessage());
              } finally {
                outstanding.release();
              }
            });
      }
    }
    checked(sentAt, count, failures.get(), firstFailure.get());
    double reached = count / ((System.nanoTime() - t0) / 1e9);
    awaitArrivals(merchant, sentAt.keySet(), Duration.ofSeconds(120));
    var latencies = new ArrayList<Duration>();
    sentAt.forEach(
        (id, sent) -> {
          var arrived = merchant.arrivals().get(id);
          if (arrived != null) {
            latencies.add(Duration.between(sent, arrived));
          }
        });
    System.out.println("  p99 by second sent (ms): " + p99BySecond(sentAt, merchant));
    merchant.arrivals().clear();
    if (latencies.isEmpty()) {
      throw new IllegalStateException("paced run: no callback arrived; see the server log");
    }
    var paced =
        new Paced(
            options.rate(),
            reached,
            sentAt.size(),
            latencies.size(),
            Percentiles.of(latencies, 50),
            Percentiles.of(latencies, 99),
            Percentiles.of(latencies, 100));
    System.out.printf(
        "paced %d/s (reached %.0f/s): %d created, %d delivered, create to first attempt p50 %d ms, p99 %d ms, max %d ms%n",
        paced.asked(),
        paced.reached(),
        paced.created(),
        paced.delivered(),
        paced.p50().toMillis(),
        paced.p99().toMillis(),
        paced.max().toMillis());
    return paced;
  }

  /** {@code GET /api/v1/stats} over the last 7 days: one untimed call, then the timed ones. */
  private List<Duration> stats(ServerProcess server) {
    var calls = new ArrayList<Duration>();
    for (int i = 0; i <= options.statsCalls(); i++) {
      var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      var start = System.nanoTime();
      var response =
          send(
              server,
              "GET",
              "/api/v1/stats?from=" + now.minus(Duration.ofDays(7)) + "&to=" + now,
              null,
              STATS_TIMEOUT);
      var took = Duration.ofNanos(System.nanoTime() - start);
      if (response == null) {
        System.out.printf(
            "stats over 7 days: no answer within %d s; no further calls%n",
            STATS_TIMEOUT.toSeconds());
        calls.add(STATS_TIMEOUT);
        break;
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET /api/v1/stats answered " + response.statusCode() + ": " + response.body());
      }
      System.out.printf(
          "stats over 7 days: %d ms%s%n",
          took.toMillis(), i == 0 ? " (first call, not counted)" : "");
      if (i > 0) {
        calls.add(took);
      }
    }
    return calls;
  }

  /**
   * The bulk create, {@code POST /api/v1/notifications/batch} with a JSON array of creates, once it
   * exists: creates per second over the batch requests, from 4 clients.
   */
  private String batch(ServerProcess server, MockMerchant merchant) throws InterruptedException {
    var probe =
        send(server, "POST", "/api/v1/notifications/batch", batchBody("BP-0-", 2, merchant.url()));
    if (probe.statusCode() == 404 || probe.statusCode() == 405) {
      return "batch: not available (" + probe.statusCode() + ")";
    }
    if (probe.statusCode() >= 300) {
      return "not measured: POST /api/v1/notifications/batch answered "
          + probe.statusCode()
          + ": "
          + probe.body().substring(0, Math.min(200, probe.body().length()));
    }
    var next = new AtomicInteger();
    var failures = new AtomicInteger();
    var start = System.nanoTime();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < 4; c++) {
        pool.execute(
            () -> {
              int i;
              while ((i = next.getAndIncrement()) < options.batchRequests()) {
                var answer =
                    send(
                        server,
                        "POST",
                        "/api/v1/notifications/batch",
                        batchBody("BB-" + i + "-", options.batchSize(), merchant.url()));
                if (answer.statusCode() >= 300) {
                  failures.incrementAndGet();
                }
              }
            });
      }
    }
    double rate =
        (double) options.batchRequests()
            * options.batchSize()
            / ((System.nanoTime() - start) / 1e9);
    return "%.0f creates/s (%d requests of %d, %d failed)"
        .formatted(rate, options.batchRequests(), options.batchSize(), failures.get());
  }

  private static String batchBody(String prefix, int size, String url) {
    var items = new ArrayList<String>();
    for (int i = 0; i < size; i++) {
      items.add(notification(prefix + i, url));
    }
    return "[" + String.join(",", items) + "]";
  }

  /**
   * Creates from {@code clients} concurrent clients; the ids created, each with when its create was
   * sent.
   */
  private Map<String, Instant> createClosed(
      ServerProcess server, MockMerchant merchant, String prefix, int count, int clients)
      throws InterruptedException {
    var created = new ConcurrentHashMap<String, Instant>();
    var next = new AtomicInteger();
    var failures = new AtomicInteger();
    var firstFailure = new java.util.concurrent.atomic.AtomicReference<String>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        pool.execute(
            () -> {
              int i;
              while ((i = next.getAndIncrement()) < count) {
                var sent = Instant.now();
                try {
                  var id =
                      id(
                          post(
                              "/api/v1/notifications",
                              notification(prefix + i, merchant.url()),
                              server));
                  if (id != null) {
                    created.put(id, sent);
                  }
                } catch (RuntimeException e) {
                  failures.incrementAndGet();
                  firstFailure.compareAndSet(null, e.getMessage());
                }
              }
            });
      }
    }
    return checked(created, count, failures.get(), firstFailure.get());
  }

  /**
   * The creates that succeeded; failures are reported, and a phase where every create failed stops
   * the run.
   */
  private static Map<String, Instant> checked(
      Map<String, Instant> created, int asked, int failures, @Nullable String first) {
    if (failures > 0) {
      System.out.printf("  %d of %d creates failed; the first: %s%n", failures, asked, first);
    }
    if (created.isEmpty()) {
      throw new IllegalStateException("no create succeeded; see the server log");
    }
    return created;
  }

  /** Waits until each of {@code ids} reached the merchant, or the timeout; the latest arrival. */
  static Instant awaitArrivals(MockMerchant merchant, java.util.Set<String> ids, Duration timeout)
      throws InterruptedException {
    var deadline = Instant.now().plus(timeout);
    while (!merchant.arrivals().keySet().containsAll(ids) && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    if (!merchant.arrivals().keySet().containsAll(ids)) {
      System.out.printf(
          "  %d of %d callbacks had not arrived after %s%n",
          ids.stream().filter(id -> !merchant.arrivals().containsKey(id)).count(),
          ids.size(),
          timeout);
    }
    return ids.stream()
        .map(merchant.arrivals()::get)
        .filter(java.util.Objects::nonNull)
        .max(Comparator.naturalOrder())
        .orElse(Instant.now());
  }

  private static @Nullable String id(String body) {
    var m = ID.matcher(body);
    return m.find() ? m.group(1) : null;
  }

  static String notification(String orderNo, String url) {
    return """
        {"merchantId":"bench","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"100.00",\
        "currency":"CNY","notifyUrl":"%s"}"""
        .formatted(orderNo, url);
  }

  private String post(String path, String json, ServerProcess server) {
    var response = send(server, "POST", path, json);
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          "POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private ApiClient.Answer send(
      ServerProcess server, String method, String path, @Nullable String json) {
    var response = send(server, method, path, json, Duration.ofSeconds(60));
    if (response == null) {
      throw new IllegalStateException(method + " " + path + ": no answer within 60 s");
    }
    return response;
  }

  /** The answer, or null when none came within {@code timeout}. */
  private ApiClient.@Nullable Answer send(
      ServerProcess server, String method, String path, @Nullable String json, Duration timeout) {
    return api.send(server.url + path, method, json, timeout);
  }

  private String summary(Figures f, boolean h2) {
    var out = new StringBuilder();
    var line = "=".repeat(134);
    out.append(line).append('\n');
    out.append(
        "Paynotify hot path on %s, %d notifications, %d cores%n"
            .formatted(
                f.database, options.notifications(), Runtime.getRuntime().availableProcessors()));
    out.append(line).append('\n');
    double ratio = f.endToEnd / f.ceiling;
    row(
        out,
        "HTTP ceiling (%d senders, HttpClient 5)".formatted(options.senders()),
        "%.0f requests/s".formatted(f.ceiling),
        "",
        null);
    if (h2) {
      var target =
          options.h2Baseline() > 0
              ? "≥ %.0f/s (2 × %.0f before)"
                  .formatted(2 * options.h2Baseline(), options.h2Baseline())
              : "≥ 2 × the figure before the redesign";
      row(
          out,
          "end to end, single creates (create → callback acked)",
          "%.0f/s, %.2f × ceiling".formatted(f.endToEnd, ratio),
          target,
          options.h2Baseline() > 0 ? f.endToEnd >= 2 * options.h2Baseline() : null);
    } else {
      row(
          out,
          "end to end, single creates (create → callback acked)",
          "%.0f/s, %.2f × ceiling".formatted(f.endToEnd, ratio),
          "≥ %.1f × ceiling".formatted(CEILING_RATIO_TARGET),
          ratio >= CEILING_RATIO_TARGET);
    }
    double serverMs = (double) f.serverCpuMs / Math.max(1, f.delivered);
    if (f.pg != null) {
      double pgMs = (double) f.pg.databaseCpuMillis() / Math.max(1, f.delivered);
      row(
          out,
          "PostgreSQL CPU per notification",
          "%.2f ms".formatted(pgMs),
          "≤ %.1f ms".formatted(PG_CPU_TARGET_MS),
          pgMs <= PG_CPU_TARGET_MS);
      row(
          out,
          "  whole PostgreSQL server (other databases too)",
          "%.2f ms".formatted((double) f.pg.clusterCpuMillis() / Math.max(1, f.delivered)),
          "",
          null);
      row(
          out,
          "server CPU per notification",
          "%.2f ms".formatted(serverMs),
          "≤ %.1f ms".formatted(SERVER_CPU_TARGET_MS),
          serverMs <= SERVER_CPU_TARGET_MS);
    } else {
      row(
          out,
          "server CPU per notification (database included)",
          "%.2f ms".formatted(serverMs),
          "",
          null);
    }
    compilingRow(out, f);
    row(
        out,
        "load clients + mock merchant CPU per notification",
        "%.2f ms".formatted((double) f.benchCpuMs / Math.max(1, f.delivered)),
        "",
        null);
    if (f.bulk != null) {
      var b = f.bulk;
      int n = Math.max(1, b.delivered());
      row(
          out,
          "end to end, bulk create (batches of %d, %d clients)"
              .formatted(options.bulkSize(), options.bulkClients()),
          "%.0f/s, %.2f × ceiling".formatted(b.rate(), b.rate() / f.ceiling),
          "reported",
          null);
      row(
          out,
          "  server CPU per notification, bulk create",
          "%.2f ms".formatted((double) b.serverCpuMs() / n),
          "reported",
          null);
      row(
          out,
          "  load clients + mock merchant CPU, bulk create",
          "%.2f ms".formatted((double) b.benchCpuMs() / n),
          "",
          null);
    } else {
      row(out, "end to end, bulk create", "batch: not available", "reported", null);
    }
    paced(out, "create → first attempt at %d/s".formatted(options.rate()), f.paced);
    paced(
        out,
        "  the same, %d more waiting (due in a day)".formatted(f.backlogRows),
        f.pacedWithBacklog);
    boolean flat = f.heapAfter <= f.heapBefore + Math.max(16, f.heapBefore * 0.1);
    row(
        out,
        "live heap, without → with the backlog waiting",
        "%.0f → %.0f MiB".formatted(f.heapBefore, f.heapAfter),
        "flat",
        flat);
    if (!f.statsCalls.isEmpty()) {
      var median = Percentiles.of(f.statsCalls, 50).toMillis();
      row(
          out,
          "/api/v1/stats, 7 days (%d notifications, %d attempts)"
              .formatted(f.statsNotifications, f.statsAttempts),
          "%d ms median, %d ms max of %d"
              .formatted(median, Percentiles.of(f.statsCalls, 100).toMillis(), f.statsCalls.size()),
          "≤ %d ms".formatted(STATS_TARGET_MS),
          median <= STATS_TARGET_MS);
    }
    row(out, "bulk create", f.batch, "reported", null);
    if (!f.storeCalls.isEmpty()) {
      out.append(
          "store calls per notification (the server's paynotify.store.calls, end-to-end phase):\n");
      f.storeCalls.forEach(
          (operation, c) ->
              out.append(
                  "  %-22s %.3f calls, %.2f ms each%n"
                      .formatted(operation, c[0] / Math.max(1, f.delivered), 1000 * c[1] / c[0])));
    }
    if (f.pg != null) {
      out.append(perNotification(f.pg, f.delivered));
    }
    if (f.pgNote != null) {
      out.append(f.pgNote).append('\n');
    }
    if (f.sizes != null) {
      out.append("at stats time: ").append(f.sizes).append('\n');
    }
    out.append(line).append('\n');
    return out.toString();
  }

  private static void paced(StringBuilder out, String label, @Nullable Paced p) {
    if (p == null) {
      return;
    }
    row(
        out,
        label,
        "p50 %d ms, p99 %d ms (reached %.0f/s)"
            .formatted(p.p50().toMillis(), p.p99().toMillis(), p.reached()),
        "p99 ≤ %d ms".formatted(P99_TARGET_MS),
        p.p99().toMillis() <= P99_TARGET_MS && p.delivered() == p.created());
  }

  /**
   * How much of the server's CPU its JIT compiler threads still took, which a warm node's do not.
   */
  private static void compilingRow(StringBuilder out, Figures f) {
    row(
        out,
        "  of which the JIT compiler threads",
        "%.2f ms".formatted((double) f.serverCompileMs / Math.max(1, f.delivered)),
        "",
        null);
  }

  private static void row(
      StringBuilder out, String label, String value, String target, @Nullable Boolean met) {
    out.append(
        "%-62s %-42s %-22s %s%n"
            .formatted(label, value, target, met == null ? "" : met ? "MET" : "MISSED"));
  }

  /** The database work of the end-to-end phase divided by the notifications delivered in it. */
  private static String perNotification(PostgresCounters.Delta pg, int delivered) {
    var out = new StringBuilder();
    double n = Math.max(1, delivered);
    out.append(
        "PostgreSQL work per notification (end-to-end phase): %.2f commits, %.2f rollbacks%n"
            .formatted(pg.commits() / n, pg.rollbacks() / n));
    pg.tables()
        .forEach(
            (table, t) ->
                out.append(
                    "  %-22s %.2f inserts, %.2f updates (%.2f HOT), %.2f deletes, %.3f seq scans, %.2f index scans%n"
                        .formatted(
                            table,
                            t.inserts() / n,
                            t.updates() / n,
                            t.hotUpdates() / n,
                            t.deletes() / n,
                            t.seqScans() / n,
                            t.idxScans() / n)));
    if (pg.statements() != null) {
      long calls =
          pg.statements().stream().mapToLong(PostgresCounters.StatementCounts::calls).sum();
      out.append(
          "  statements per notification: %.2f; top 10 by execution time:%n".formatted(calls / n));
      pg.statements().stream()
          .limit(10)
          .forEach(
              s ->
                  out.append(
                      "    %8d calls %9.1f ms %6.3f ms/call  %s%n"
                          .formatted(
                              s.calls(),
                              s.totalMs(),
                              s.totalMs() / s.calls(),
                              oneLine(s.query()))));
    }
    return out.toString();
  }

  private static String oneLine(String query) {
    var flat = query.replaceAll("\\s+", " ").strip();
    return flat.length() > 120 ? flat.substring(0, 117) + "..." : flat;
  }

  private static void delete(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }

  private static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
