package com.paynotify.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's own PostgreSQL cluster (Debian's {@code pg_ctlcluster}), stopped hard as a crash
 * would stop it and started again. It remembers that it stopped the cluster, so {@link #start} from
 * a {@code finally} or a shutdown hook always brings it back, and does nothing otherwise.
 */
final class LocalCluster {
  private static final Path CLUSTERS = Path.of("/etc/postgresql");

  private final String version;
  private final String name;
  private final int port;
  private boolean stopped;

  private LocalCluster(String version, String name, int port) {
    this.version = version;
    this.name = name;
    this.port = port;
  }

  /**
   * The cluster {@code name} of the one version under {@code /etc/postgresql}, listening on {@code
   * port}: the machine's {@code main} at 5432, or one made for the run so that nothing else that
   * uses {@code main} meanwhile sees the crash.
   */
  static LocalCluster find(String name, int port) throws IOException {
    if (!Files.isDirectory(CLUSTERS)) {
      throw new IllegalStateException(
          CLUSTERS + " does not exist: the database crash needs a local Debian PostgreSQL cluster");
    }
    try (var entries = Files.list(CLUSTERS)) {
      var versions =
          entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      if (versions.size() != 1) {
        throw new IllegalStateException(
            "expected one PostgreSQL version under " + CLUSTERS + ", found " + versions);
      }
      var version = versions.getFirst();
      if (!Files.isDirectory(CLUSTERS.resolve(version).resolve(name))) {
        throw new IllegalStateException(
            "no PostgreSQL cluster '"
                + name
                + "' of version "
                + version
                + " (make one with: pg_createcluster "
                + version
                + " "
                + name
                + " --port "
                + port
                + " --start)");
      }
      return new LocalCluster(version, name, port);
    }
  }

  String version() {
    return version;
  }

  /**
   * {@code pg_ctlcluster ... stop -m immediate}: no checkpoint, every connection cut, as a crash.
   */
  synchronized void stopHard() {
    // Marked first: a stop that fails half way must still be followed by a start.
    stopped = true;
    run("stop", "-m", "immediate");
  }

  /** Starts the cluster again if this run stopped it, and waits until it accepts connections. */
  synchronized void start() {
    if (!stopped) {
      return;
    }
    IllegalStateException failure = null;
    for (int tries = 0; tries < 5; tries++) {
      try {
        run("start");
        failure = null;
        break;
      } catch (IllegalStateException e) {
        failure = e;
        sleep(2000);
      }
    }
    if (failure != null) {
      throw failure;
    }
    for (int i = 0; i < 120 && !isReady(); i++) {
      sleep(500);
    }
    if (!isReady()) {
      throw new IllegalStateException(
          "PostgreSQL "
              + version
              + "/"
              + name
              + " was started but does not accept connections after 60 s");
    }
    stopped = false;
  }

  int port() {
    return port;
  }

  boolean isReady() {
    try {
      var p =
          new ProcessBuilder("pg_isready", "-q", "-h", "127.0.0.1", "-p", Integer.toString(port))
              .redirectErrorStream(true)
              .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void run(String... action) {
    var command =
        new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, name));
    command.addAll(List.of(action));
    try {
      var p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
      }
      var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited " + p.exitValue() + ": " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
