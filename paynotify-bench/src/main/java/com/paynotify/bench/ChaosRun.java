package com.paynotify.bench;

import com.paynotify.retry.DurationText;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Fault injection against real server processes: several nodes ({@code java -jar} of the server
 * jar) on one fresh PostgreSQL database with one master key, a steady load of creates through the
 * API, a node killed with SIGKILL every few seconds and started again, and the database stopped
 * hard once. Afterwards it waits for the queue to drain and checks that every accepted notification
 * was acknowledged by the merchant and ended SUCCEEDED, and that the merchant never had two
 * requests of one notification open at once. Exits 1 if any was lost or overlapped, 2 if the run
 * itself failed.
 *
 * <p>Settings, as arguments or system properties: {@code --nodes} / {@code chaos.nodes} (default
 * 2), {@code --duration} / {@code chaos.duration} (3m), {@code --kill-interval} / {@code
 * chaos.killInterval} (6s), {@code --min-kills} / {@code chaos.minKills} (20: the load goes on past
 * the duration, at most to three times it, until that many kills), {@code --rate} / {@code
 * chaos.rate} (creates per second, 20), {@code --database-down} / {@code chaos.databaseDown} (20s,
 * 0s for no crash), {@code --drain} / {@code chaos.drain} (3m), {@code --server-jar} / {@code
 * chaos.serverJar} (default {@code paynotify-server/target/paynotify-server-exec.jar}), {@code
 * chaos.jvmOptions} (the nodes' JVM options, {@code -Xmx512m -XX:TieredStopAtLevel=1
 * -XX:+UseSerialGC}), {@code chaos.keepDatabase=true} to keep the database for inspection. It needs
 * a local Debian PostgreSQL cluster, which it stops and starts with {@code pg_ctlcluster}: {@code
 * --cluster} / {@code chaos.cluster} (default {@code main}) on {@code --port} / {@code chaos.port}
 * (5432); a cluster of its own (another name and port, with {@code PAYNOTIFY_BENCH_POSTGRES_URL}
 * pointing at it) keeps the crash away from anything else using {@code main}.
 */
public final class ChaosRun {
  private static final Pattern ID = Pattern.compile("\"id\":\"(ntf_[0-9A-Za-z]+)\"");
  private static final String MERCHANT = "chaos";
  private static final String POLICY = "chaos";

  /**
   * The lease a killed node's claims hold its work for. The default (60 s) would leave most
   * redeliveries after a kill to the drain; 20 s is the shortest the server accepts, since a lease
   * must cover twice the longest attempt timeout and the built-in policies time out after 10 s.
   */
  private static final Duration LEASE = Duration.ofSeconds(20);

  /**
   * Short enough that every retry falls inside the run, long enough to outlast the database crash.
   */
  private static final String POLICY_INTERVALS =
      "1s,2s,3s,5s,5s,5s,10s,10s,10s,10s,10s,10s,10s,10s";

  private static final Duration POLICY_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The slowest answers stay under the policy's timeout, so an attempt never times out while it is
   * still open here.
   */
  private static final Duration SLOW_ANSWER = Duration.ofMillis(2500);

  private static final double SLOW_SHARE = 0.02;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CREATE_GIVE_UP = Duration.ofSeconds(90);
  private static final int MAX_CREATES_IN_FLIGHT = 2000;

  /**
   * Requests the load sends at once, as a client's connection pool would: without a bound, the
   * creates held back while no node is up all arrive at once at the first node that comes back.
   */
  private static final int CONNECTIONS = 32;

  /** Quick starts on a small machine: C1 only and one GC thread cost nothing at this load. */
  private static final String DEFAULT_JVM_OPTIONS =
      "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  /** A node is killed only after serving this long, so that it dies holding claimed work. */
  private static final Duration SERVING_BEFORE_KILL = Duration.ofSeconds(2);

  private final Settings settings;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final String token = HexFormat.of().formatHex(randomBytes(16));
  private final List<ServerNode> nodes = new ArrayList<>();
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final Semaphore connections = new Semaphore(CONNECTIONS);
  private final Map<String, String> accepted = new ConcurrentHashMap<>();
  private final LongAdder created = new LongAdder();
  private final LongAdder existing = new LongAdder();
  private final LongAdder createsRetried = new LongAdder();
  private final LongAdder createsGivenUp = new LongAdder();
  private final LongAdder createsSkipped = new LongAdder();
  private final Map<String, LongAdder> createFailures = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
  private final LongAdder kills = new LongAdder();
  private final LongAdder killsNotBySigkill = new LongAdder();
  private final LongAdder failedStarts = new LongAdder();
  private final LongAdder startTimeouts = new LongAdder();
  private final ConcurrentLinkedQueue<String> unexpectedExits = new ConcurrentLinkedQueue<>();
  private volatile boolean supervising = true;
  private volatile Instant planned = Instant.MAX;
  private volatile Instant latest = Instant.MAX;
  private volatile Duration loadTime = Duration.ZERO;
  private volatile @Nullable String crashSummary;
  private @Nullable LocalCluster cluster;
  private BenchDatabase.@Nullable Postgres database;
  private boolean cleanedUp;

  private ChaosRun(Settings settings) {
    this.settings = settings;
  }

  /** The run's parameters. */
  record Settings(
      int nodes,
      Duration duration,
      Duration killInterval,
      int minKills,
      double rate,
      Duration databaseDown,
      Duration drain,
      Path serverJar,
      List<String> jvmOptions,
      boolean keepDatabase,
      String cluster,
      int port) {

    Settings {
      require(nodes >= 1 && nodes <= 5, "nodes: " + nodes + " must be between 1 and 5");
      require(
          duration.compareTo(Duration.ofSeconds(10)) >= 0
              && duration.compareTo(Duration.ofHours(1)) <= 0,
          "duration: " + duration + " must be between 10s and 1h");
      require(
          killInterval.compareTo(Duration.ofSeconds(1)) >= 0,
          "kill-interval: " + killInterval + " must be at least 1s");
      require(
          minKills >= 0 && minKills <= 1000,
          "min-kills: " + minKills + " must be between 0 and 1000");
      require(
          rate > 0 && rate <= 500,
          "rate: " + rate + " must be above 0 and at most 500 creates per second");
      require(
          !databaseDown.isNegative() && databaseDown.compareTo(Duration.ofMinutes(2)) <= 0,
          "database-down: " + databaseDown + " must be between 0s and 2m");
      require(
          drain.compareTo(Duration.ofSeconds(10)) >= 0
              && drain.compareTo(Duration.ofMinutes(30)) <= 0,
          "drain: " + drain + " must be between 10s and 30m");
      require(
          Files.isRegularFile(serverJar),
          "server-jar: "
              + serverJar
              + " does not exist; build it with ./mvnw -B -q -pl paynotify-bench -am package -DskipTests");
    }

    static Settings of(String[] args, Properties properties) {
      var given = new HashMap<String, String>();
      properties.stringPropertyNames().stream()
          .filter(name -> name.startsWith("chaos."))
          .forEach(
              name -> given.put(name.substring("chaos.".length()), properties.getProperty(name)));
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("'" + args[i] + "': arguments are --name value pairs");
        }
        given.put(camel(args[i].substring(2)), args[++i]);
      }
      var known =
          Set.of(
              "nodes",
              "duration",
              "killInterval",
              "minKills",
              "rate",
              "databaseDown",
              "drain",
              "serverJar",
              "jvmOptions",
              "keepDatabase",
              "cluster",
              "port");
      for (var name : given.keySet()) {
        require(
            known.contains(name), "unknown setting '" + name + "'; known: " + new TreeSet<>(known));
      }
      return new Settings(
          Integer.parseInt(given.getOrDefault("nodes", "2")),
          DurationText.parse(given.getOrDefault("duration", "3m")),
          DurationText.parse(given.getOrDefault("killInterval", "6s")),
          Integer.parseInt(given.getOrDefault("minKills", "20")),
          Double.parseDouble(given.getOrDefault("rate", "20")),
          DurationText.parse(given.getOrDefault("databaseDown", "20s")),
          DurationText.parse(given.getOrDefault("drain", "3m")),
          Path.of(
              given.getOrDefault("serverJar", "paynotify-server/target/paynotify-server-exec.jar")),
          List.of(given.getOrDefault("jvmOptions", DEFAULT_JVM_OPTIONS).trim().split("\\s+")),
          Boolean.parseBoolean(given.getOrDefault("keepDatabase", "false")),
          given.getOrDefault("cluster", "main"),
          Integer.parseInt(given.getOrDefault("port", "5432")));
    }

    private static String camel(String dashed) {
      var parts = dashed.split("-");
      var name = new StringBuilder(parts[0]);
      for (int i = 1; i < parts.length; i++) {
        name.append(parts[i].substring(0, 1).toUpperCase(Locale.ROOT))
            .append(parts[i].substring(1));
      }
      return name.toString();
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  public static void main(String[] args) {
    int status;
    try {
      status = new ChaosRun(Settings.of(args, System.getProperties())).run();
    } catch (IllegalArgumentException e) {
      System.err.println("chaos run: " + e.getMessage());
      status = 2;
    } catch (Exception e) {
      System.err.println("chaos run failed:");
      e.printStackTrace();
      status = 2;
    }
    System.exit(status);
  }

  private int run() throws Exception {
    var wallStart = Instant.now();
    cluster = LocalCluster.find(settings.cluster(), settings.port());
    var local = "jdbc:postgresql://127.0.0.1:" + settings.port() + "/";
    if (!cluster.isReady()) {
      throw new IllegalStateException(
          "PostgreSQL does not accept connections at 127.0.0.1:" + settings.port());
    }
    var configured = System.getenv("PAYNOTIFY_BENCH_POSTGRES_URL");
    if (settings.port() != 5432 && (configured == null || !configured.startsWith(local))) {
      throw new IllegalStateException(
          "set PAYNOTIFY_BENCH_POSTGRES_URL="
              + local
              + "postgres for the cluster on port "
              + settings.port());
    }
    if (configured != null && !configured.isBlank() && !configured.startsWith(local)) {
      throw new IllegalStateException(
          "PAYNOTIFY_BENCH_POSTGRES_URL must name the local cluster at 127.0.0.1:"
              + settings.port()
              + ", which this run stops");
    }
    var db = (BenchDatabase.Postgres) BenchDatabase.postgres();
    database = db;
    Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, "chaos-cleanup"));
    try (var merchant = new SlowMerchant(SLOW_SHARE, SLOW_ANSWER)) {
      var workDir = Files.createTempDirectory("paynotify-chaos");
      var masterKey = Base64.getEncoder().encodeToString(randomBytes(32));
      for (int n = 1; n <= settings.nodes(); n++) {
        nodes.add(node(n, freePort(), db, masterKey, workDir));
      }
      System.out.printf(
          Locale.ROOT,
          "chaos run: %d nodes on %s (PostgreSQL %s), %s (longer until %d kills, at most 3 times), a kill -9 every %s,"
              + " %.0f creates/s, database stopped for %s%n",
          settings.nodes(),
          db.name(),
          cluster.version(),
          DurationText.format(settings.duration()),
          settings.minKills(),
          DurationText.format(settings.killInterval()),
          settings.rate(),
          settings.databaseDown().isZero()
              ? "no time (no crash)"
              : DurationText.format(settings.databaseDown()));
      System.out.printf(
          "lease %s, policy %s: %s, timeout %s; node logs in %s%n",
          DurationText.format(LEASE),
          POLICY,
          POLICY_INTERVALS,
          DurationText.format(POLICY_TIMEOUT),
          workDir);
      var supervisor = Thread.ofPlatform().daemon().name("chaos-supervisor").start(this::supervise);
      // The first node creates the schema alone; the others join once it is there.
      nodes.getFirst().start();
      awaitReady(List.of(nodes.getFirst()));
      post(
          nodes.getFirst(),
          "/api/v1/merchants",
          "{\"id\":\"" + MERCHANT + "\",\"name\":\"Chaos\"}");
      nodes.subList(1, nodes.size()).forEach(ServerNode::start);
      awaitReady(nodes);

      var loadStart = Instant.now();
      planned = loadStart.plus(settings.duration());
      latest = loadStart.plus(settings.duration().multipliedBy(3));
      var killer = Thread.ofPlatform().daemon().name("chaos-killer").start(this::kill);
      var crash =
          Thread.ofPlatform()
              .daemon()
              .name("chaos-crash")
              .start(
                  () ->
                      crashAt(
                          loadStart,
                          loadStart.plus(settings.duration().multipliedBy(2).dividedBy(5))));
      long offered = load(merchant.url());
      loadTime = Duration.between(loadStart, Instant.now());
      killer.join();
      crash.join();
      awaitReady(nodes);
      var drainStart = Instant.now();
      var states = drain(merchant.requests(), drainStart.plus(settings.drain()));
      var drained = Duration.between(drainStart, Instant.now());
      supervising = false;
      supervisor.join(5000);
      return report(
          offered,
          states,
          merchant.requests(),
          drained,
          Duration.between(wallStart, Instant.now()));
    } finally {
      cleanUp();
    }
  }

  private ServerNode node(
      int number, int port, BenchDatabase.Postgres db, String masterKey, Path workDir)
      throws IOException {
    var dataDir = Files.createDirectories(workDir.resolve("node-" + number));
    var arguments =
        new ArrayList<String>(
            List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--paynotify.api-token=" + token,
                "--paynotify.data-dir=" + dataDir,
                "--paynotify.delivery.allowed-networks=127.0.0.0/8",
                "--paynotify.delivery.lease=" + DurationText.format(LEASE),
                "--paynotify.policies." + POLICY + ".intervals=" + POLICY_INTERVALS,
                "--paynotify.policies."
                    + POLICY
                    + ".timeout="
                    + DurationText.format(POLICY_TIMEOUT)));
    arguments.addAll(db.serverArguments());
    var command = ServerNode.javaCommand(settings.serverJar(), settings.jvmOptions(), arguments);
    return new ServerNode(
        number,
        port,
        command,
        Map.of("PAYNOTIFY_MASTER_KEY", masterKey),
        workDir.resolve("node-" + number + ".log"));
  }

  /**
   * The load and the kills go on for the planned duration, and past it (up to three times as long)
   * until the minimum number of kills is reached: how fast nodes start decides how often one can be
   * killed while another serves.
   */
  private boolean loadGoesOn() {
    var now = Instant.now();
    return now.isBefore(planned) || (now.isBefore(latest) && kills.sum() < settings.minKills());
  }

  /** Creates at the configured rate while the load goes on; returns how many were offered. */
  private long load(String notifyUrl) throws InterruptedException {
    var slots = new Semaphore(MAX_CREATES_IN_FLIGHT);
    long interval = (long) (1_000_000_000L / settings.rate());
    long startNanos = System.nanoTime();
    long n = 0;
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (; loadGoesOn(); n++) {
        long wait = startNanos + n * interval - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        if (!slots.tryAcquire()) {
          createsSkipped.increment();
          continue;
        }
        long number = n;
        pool.execute(
            () -> {
              try {
                create(number, notifyUrl);
              } finally {
                slots.release();
              }
            });
      }
    }
    return n;
  }

  /**
   * One create, retried on the next live node with the same idempotency key until accepted or given
   * up.
   */
  private void create(long number, String notifyUrl) {
    var key = "chaos-" + number;
    var body =
        """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"C-%d","paymentStatus":"SUCCESS","amount":"10.00",\
        "currency":"CNY","notifyUrl":"%s","retryPolicy":"%s","idempotencyKey":"%s"}"""
            .formatted(MERCHANT, number, notifyUrl, POLICY, key);
    var giveUp = Instant.now().plus(CREATE_GIVE_UP);
    boolean retried = false;
    long backoff = 100;
    while (Instant.now().isBefore(giveUp)) {
      HttpResponse<String> response;
      ServerNode node;
      try {
        connections.acquire();
        try {
          // The node is chosen once a connection is free, or it may have died while this create
          // waited.
          node = nextLive();
          if (node == null) {
            pause(200);
            continue;
          }
          response =
              http.send(
                  request(node, "/api/v1/notifications", body).timeout(CREATE_TIMEOUT).build(),
                  HttpResponse.BodyHandlers.ofString());
        } finally {
          connections.release();
        }
        int status = response.statusCode();
        if (status == 200 || status == 201) {
          var id = ID.matcher(response.body());
          if (!id.find()) {
            refused.add(status + " without an id: " + cut(response.body()));
            return;
          }
          accepted.put(key, id.group(1));
          (status == 201 ? created : existing).increment();
          if (retried) {
            createsRetried.increment();
          }
          return;
        }
        if (status < 500 && status != 429) {
          refused.add(
              key + " on node " + node.number() + ": " + status + " " + cut(response.body()));
          return;
        }
        failed("HTTP " + status);
      } catch (IOException e) {
        failed(
            e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + cut(e.getMessage(), 60)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      retried = true;
      pause(backoff);
      backoff = Math.min(backoff * 2, 2000);
    }
    createsGivenUp.increment();
  }

  private void failed(String kind) {
    // Bounded: messages could vary without end.
    var key = createFailures.size() < 20 || createFailures.containsKey(kind) ? kind : "other";
    createFailures.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private @Nullable ServerNode nextLive() {
    var live = nodes.stream().filter(ServerNode::ready).toList();
    return live.isEmpty()
        ? null
        : live.get(Math.floorMod(roundRobin.getAndIncrement(), live.size()));
  }

  /**
   * One kill per interval while the load goes on: SIGKILL to a random node that has served for a
   * moment (so it dies holding claimed work) while another node serves (so there is one to take
   * that work over and to answer the creates), then start it again. When no node qualifies, the
   * kill waits until one does.
   */
  private void kill() {
    var random = new Random();
    while (true) {
      pause(settings.killInterval().toMillis());
      List<ServerNode> victims;
      while ((victims = victims()).isEmpty() && loadGoesOn()) {
        pause(100);
      }
      if (!loadGoesOn()) {
        return;
      }
      var node = victims.get(random.nextInt(victims.size()));
      int exit = node.kill();
      if (exit != -1) {
        kills.increment();
        if (exit != ServerNode.KILLED) {
          killsNotBySigkill.increment();
        }
        node.start();
      }
    }
  }

  private List<ServerNode> victims() {
    var serving = nodes.stream().filter(ServerNode::ready).toList();
    if (nodes.size() > 1 && serving.size() < 2) {
      return List.of();
    }
    return serving.stream().filter(n -> n.serving().compareTo(SERVING_BEFORE_KILL) >= 0).toList();
  }

  private void crashAt(Instant loadStart, Instant at) {
    if (settings.databaseDown().isZero() || cluster == null) {
      return;
    }
    pause(Math.max(0, Duration.between(Instant.now(), at).toMillis()));
    var stopping = Instant.now();
    try {
      cluster.stopHard();
      var stopped = Instant.now();
      pause(settings.databaseDown().toMillis());
      var starting = Instant.now();
      cluster.start();
      var back = Instant.now();
      crashSummary =
          String.format(
              Locale.ROOT,
              "stop -m immediate at %.1f s into the load, stopped %.1f s, then %.1f s to accept connections again (%.1f s without a database)",
              seconds(Duration.between(loadStart, stopping)),
              seconds(Duration.between(stopped, starting)),
              seconds(Duration.between(starting, back)),
              seconds(Duration.between(stopping, back)));
    } catch (RuntimeException e) {
      crashSummary = "FAILED: " + e.getMessage();
      cluster.start();
    }
  }

  /**
   * Notices nodes that answer, that exit by themselves, or that take too long to start, and starts
   * them again.
   */
  private void supervise() {
    while (supervising) {
      for (var node : nodes) {
        var exited = node.exited();
        if (exited != null) {
          if (exited.wasReady()) {
            unexpectedExits.add(
                "node "
                    + node.number()
                    + " exited "
                    + exited.status()
                    + " after "
                    + seconds(exited.ran())
                    + " s");
          } else {
            failedStarts.increment();
          }
          if (supervising) {
            node.start();
          }
          continue;
        }
        var starting = node.starting();
        if (!starting.waiting()) {
          continue;
        }
        if (answers(node)) {
          node.markReady(starting.generation());
        } else if (Duration.between(starting.since(), Instant.now()).compareTo(START_TIMEOUT) > 0) {
          startTimeouts.increment();
          node.kill();
          node.start();
        }
      }
      pause(250);
    }
  }

  private boolean answers(ServerNode node) {
    try {
      var request =
          HttpRequest.newBuilder(URI.create(node.url() + "/actuator/health"))
              .timeout(Duration.ofSeconds(2))
              .build();
      http.send(request, HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void awaitReady(List<ServerNode> waitFor) {
    var deadline = Instant.now().plus(START_TIMEOUT).plus(START_TIMEOUT);
    while (!waitFor.stream().allMatch(ServerNode::ready)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "nodes did not start within "
                + DurationText.format(START_TIMEOUT.multipliedBy(2))
                + "; see "
                + waitFor.getFirst().log());
      }
      pause(200);
    }
  }

  /**
   * Waits until every accepted notification is SUCCEEDED and the merchant has answered every
   * request, or the deadline.
   */
  private Map<String, String> drain(OpenRequests requests, Instant deadline) throws SQLException {
    var ids = Set.copyOf(accepted.values());
    while (true) {
      var states = states();
      boolean done =
          ids.stream().allMatch(id -> "SUCCEEDED".equals(states.get(id)))
              && requests.openNow() == 0;
      if (done || Instant.now().isAfter(deadline)) {
        return states;
      }
      pause(1000);
    }
  }

  private Map<String, String> states() throws SQLException {
    var states = new HashMap<String, String>();
    try (var c = connect();
        var s = c.createStatement();
        var rows = s.executeQuery("SELECT id, status FROM notification")) {
      while (rows.next()) {
        states.put(rows.getString(1), rows.getString(2));
      }
    }
    return states;
  }

  private int report(
      long offered,
      Map<String, String> states,
      OpenRequests requests,
      Duration drained,
      Duration wall)
      throws SQLException {
    var ids = new TreeSet<>(accepted.values());
    var acknowledged = requests.acknowledged();
    var neverDelivered = new TreeSet<>(ids);
    neverDelivered.removeAll(acknowledged);
    var notSucceeded = new TreeSet<String>();
    ids.stream().filter(id -> !"SUCCEEDED".equals(states.get(id))).forEach(notSucceeded::add);
    var lost = new TreeSet<>(neverDelivered);
    lost.addAll(notSucceeded);
    var overlapping = requests.overlapping();
    var again = requests.acknowledgedAgainInTurn();
    var unaccepted = new TreeSet<>(acknowledged);
    unaccepted.removeAll(ids);
    var byStatus = new TreeMap<String, Integer>();
    notSucceeded.forEach(id -> byStatus.merge(String.valueOf(states.get(id)), 1, Integer::sum));

    System.out.println();
    System.out.printf(
        "accepted:     %d of %d creates offered (%d answered 201, %d answered 200 to a retry; %d retried on another node, %d given up, %d skipped)%n",
        ids.size(),
        offered,
        created.sum(),
        existing.sum(),
        createsRetried.sum(),
        createsGivenUp.sum(),
        createsSkipped.sum());
    System.out.println(
        "create failures before a retry: "
            + counts(createFailures)
            + (refused.isEmpty() ? "" : "; refused: " + refused.size()));
    System.out.printf(
        "delivered:    %d (acknowledged by the merchant at least once)%n",
        ids.size() - neverDelivered.size());
    System.out.printf(
        "SUCCEEDED:    %d%s%n",
        ids.size() - notSucceeded.size(), byStatus.isEmpty() ? "" : " (others: " + byStatus + ")");
    System.out.printf(
        "lost:         %d (%d never delivered, %d not SUCCEEDED)%n",
        lost.size(), neverDelivered.size(), notSucceeded.size());
    System.out.printf(
        "overlapping:  %d (notifications with two requests open at the merchant at once)%n",
        overlapping.size());
    System.out.printf(
        "duplicates delivered sequentially: %d (allowed: acknowledged again after a crash lost the result)%n",
        again.size());
    System.out.printf(
        "merchant requests: %d; attempts recorded: %s%n", requests.requests(), attemptsByKind());
    System.out.printf("delivered without an accepted create: %d%n", unaccepted.size());
    System.out.printf(
        "kills:        %d (SIGKILL, exit 137; %d ended otherwise)%n",
        kills.sum(), killsNotBySigkill.sum());
    System.out.printf(
        "starts:       %d failed (exited before serving), %d timed out, %d nodes exited by themselves while serving%s%n",
        failedStarts.sum(),
        startTimeouts.sum(),
        unexpectedExits.size(),
        unexpectedExits.isEmpty() ? "" : " " + unexpectedExits);
    System.out.println("db crash:     " + (crashSummary == null ? "none" : crashSummary));
    System.out.printf(
        Locale.ROOT,
        "wall time:    %.1f s (load %.1f s, drain %.1f s)%n",
        seconds(wall),
        seconds(loadTime),
        seconds(drained));
    refused.stream().limit(5).forEach(r -> System.out.println("refused create: " + r));
    for (var id : overlapping.stream().limit(5).toList()) {
      System.out.println(
          "overlap " + id + ": merchant " + requests.requestsOf(id) + "; store " + attemptsOf(id));
    }
    for (var id : lost.stream().limit(5).toList()) {
      System.out.println(
          "lost "
              + id
              + " ("
              + states.get(id)
              + "): merchant "
              + requests.requestsOf(id)
              + "; store "
              + attemptsOf(id));
    }
    return lost.isEmpty() && overlapping.isEmpty() ? 0 : 1;
  }

  private String attemptsByKind() throws SQLException {
    var byKind = new TreeMap<String, Long>();
    try (var c = connect();
        var s = c.createStatement();
        var rows =
            s.executeQuery(
                "SELECT COALESCE(error_kind, 'acknowledged'), COUNT(*) FROM attempt GROUP BY 1")) {
      while (rows.next()) {
        byKind.put(rows.getString(1), rows.getLong(2));
      }
    }
    return byKind.values().stream().mapToLong(Long::longValue).sum() + " " + byKind;
  }

  private String attemptsOf(String id) throws SQLException {
    var attempts = new ArrayList<String>();
    try (var c = connect();
        var s =
            c.prepareStatement(
                "SELECT number, started_at, duration_ms, http_status, error_kind FROM attempt WHERE notification_id = ? ORDER BY id")) {
      s.setString(1, id);
      try (var rows = s.executeQuery()) {
        while (rows.next()) {
          attempts.add(
              "#"
                  + rows.getInt(1)
                  + " at "
                  + rows.getTimestamp(2)
                  + " "
                  + rows.getLong(3)
                  + " ms "
                  + rows.getObject(4)
                  + " "
                  + rows.getString(5));
        }
      }
    }
    return attempts.toString();
  }

  private java.sql.Connection connect() throws SQLException {
    var db = database;
    if (db == null) {
      throw new IllegalStateException("no database");
    }
    return DriverManager.getConnection(db.url(), db.user(), "");
  }

  /** Kills every node, starts PostgreSQL if this run stopped it, and drops the database; once. */
  private synchronized void cleanUp() {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    supervising = false;
    for (var node : nodes) {
      try {
        node.retire();
      } catch (RuntimeException e) {
        System.err.println("cannot kill node " + node.number() + ": " + e.getMessage());
      }
    }
    if (cluster != null) {
      try {
        cluster.start();
      } catch (RuntimeException e) {
        System.err.println(
            "PostgreSQL could not be started again, start it by hand: " + e.getMessage());
      }
    }
    var db = database;
    if (db != null) {
      if (settings.keepDatabase()) {
        System.out.println("database kept: " + db.url());
      } else {
        try {
          db.drop();
        } catch (RuntimeException e) {
          System.err.println("cannot drop " + db.name() + ": " + e.getMessage());
        }
      }
    }
  }

  private void post(ServerNode node, String path, String json)
      throws IOException, InterruptedException {
    var response =
        http.send(
            request(node, path, json).timeout(CREATE_TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          "POST " + path + " answered " + response.statusCode() + ": " + cut(response.body()));
    }
  }

  private HttpRequest.Builder request(ServerNode node, String path, String json) {
    return HttpRequest.newBuilder(URI.create(node.url() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static String counts(Map<String, LongAdder> counters) {
    var sorted = new TreeMap<String, Long>();
    counters.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted.isEmpty() ? "none" : sorted.toString();
  }

  private static byte[] randomBytes(int count) {
    var bytes = new byte[count];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String cut(String text) {
    return cut(text, 200);
  }

  private static String cut(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length) + "...";
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
