package com.paynotify.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The server under test in a process of its own ({@code java -jar paynotify-server-exec.jar}), so
 * its CPU can be read from {@code /proc} apart from the load and the merchant. It listens on
 * 127.0.0.1 only, logs as shipped (INFO) to a file, and is stopped, forcibly if need be, on {@link
 * #close()} and when the benchmark's JVM exits.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(180);
  private static final Pattern PERF_COUNTER =
      Pattern.compile(
          "^((?:java|sun)\\.ci\\.totalTime|sun\\.os\\.hrt\\.frequency)=(\\d+)$", Pattern.MULTILINE);
  private static final Pattern HEAP_USED =
      Pattern.compile(
          "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)", Pattern.MULTILINE);

  /** Spring Boot's line once the web server listens: "Tomcat started on port 41234 (http) ...". */
  private static final Pattern STARTED_ON =
      Pattern.compile("started on port\\(?s?\\)?:? (\\d+)", Pattern.CASE_INSENSITIVE);

  private static final Pattern STORE_CALLS =
      Pattern.compile(
          "^paynotify_store_calls_seconds_(count|sum)\\{([^}]*)} ([0-9.eE+-]+)", Pattern.MULTILINE);

  private final Process process;
  private final Thread killer;
  private final Path log;
  private boolean closed;
  String url = "";

  private ServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.killer = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /** Starts the server jar with {@code arguments} and waits until its health endpoint answers. */
  static ServerProcess start(Path jar, List<String> arguments, Path runDir, String name)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no server jar at "
              + jar.toAbsolutePath()
              + ": build it with ./mvnw -q -DskipTests package, or pass --server-jar");
    }
    var log = runDir.resolve(name + ".log");
    // Port 0 and the port read from the server's own log: a port chosen here could be taken by
    // another process before the server binds it, and its health check would then answer for ours.
    var command =
        new ArrayList<>(
            List.of(
                java(),
                "-jar",
                jar.toString(),
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--spring.main.banner-mode=off"));
    command.addAll(arguments);
    var process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    var server = new ServerProcess(process, log);
    try {
      server.awaitHealthy();
    } catch (RuntimeException | IOException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  long pid() {
    return process.pid();
  }

  /**
   * The server's CPU so far (all its threads: requests, dispatcher, JIT, GC; on H2 the database
   * too).
   */
  long cpuMillis() {
    return ProcCpu.millis(process.pid())
        .orElseThrow(() -> new IllegalStateException("the server has exited; see " + log));
  }

  /** CPU of the server's JIT compiler threads (HotSpot's C1 and C2), in ms. */
  long compilerCpuMillis() {
    return ProcCpu.threads(process.pid(), List.of("C1 CompilerThre", "C2 CompilerThre"));
  }

  /**
   * Heap in use after a full collection (the live set), in MiB, as the server's metrics report it.
   */
  double liveHeapMib(HttpClient http) throws IOException, InterruptedException {
    jcmd("GC.run");
    double bytes = 0;
    var m = HEAP_USED.matcher(prometheus(http));
    while (m.find()) {
      bytes += Double.parseDouble(m.group(1));
    }
    return bytes / (1024 * 1024);
  }

  /**
   * Calls to the notification store so far, from the server's {@code paynotify.store.calls} timer:
   * per operation (with {@code /error} for failed ones) the count and the total seconds.
   */
  java.util.Map<String, double[]> storeCalls(HttpClient http)
      throws IOException, InterruptedException {
    var calls = new java.util.TreeMap<String, double[]>();
    var m = STORE_CALLS.matcher(prometheus(http));
    while (m.find()) {
      var labels = m.group(2);
      var operation = label(labels, "operation");
      var key = "error".equals(label(labels, "outcome")) ? operation + "/error" : operation;
      calls.computeIfAbsent(key, k -> new double[2])[m.group(1).equals("count") ? 0 : 1] +=
          Double.parseDouble(m.group(3));
    }
    return calls;
  }

  private static String label(String labels, String name) {
    var m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
    return m.find() ? m.group(1) : "?";
  }

  private String prometheus(HttpClient http) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Time the server's JIT compiler threads have spent so far, from HotSpot's counters. */
  Duration compileTime() throws IOException, InterruptedException {
    var counters = jcmd("PerfCounter.print");
    var ticks = PERF_COUNTER.matcher(counters);
    long total = -1;
    long frequency = -1;
    while (ticks.find()) {
      switch (ticks.group(1)) {
        case "java.ci.totalTime", "sun.ci.totalTime" -> total = Long.parseLong(ticks.group(2));
        case "sun.os.hrt.frequency" -> frequency = Long.parseLong(ticks.group(2));
        default -> {}
      }
    }
    if (total < 0 || frequency <= 0) {
      throw new IllegalStateException("no JIT counters in the server's PerfCounter.print");
    }
    return Duration.ofNanos(Math.round(total * (1e9 / frequency)));
  }

  /** Runs a diagnostic command in the server's JVM and returns what it printed. */
  String jcmd(String... command) throws IOException, InterruptedException {
    var line =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid())));
    line.addAll(List.of(command));
    var jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    var output = new String(jcmd.getInputStream().readAllBytes());
    if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
      jcmd.destroyForcibly();
      throw new IllegalStateException(
          "jcmd " + String.join(" ", command) + " did not finish in 60 s");
    }
    return output;
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with " + process.exitValue() + " while starting; see " + log);
      }
      if (url.isEmpty()) {
        var port = STARTED_ON.matcher(Files.readString(log));
        if (port.find()) {
          url = "http://127.0.0.1:" + port.group(1);
        }
      }
      if (!url.isEmpty()) {
        try {
          var response =
              http.send(
                  HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // Listening, but not answering yet.
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the server did not become healthy within " + STARTUP + "; see " + log);
  }

  /** Graceful stop (SIGTERM), then SIGKILL if it has not ended within 20 s. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run; the process is gone either way.
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
