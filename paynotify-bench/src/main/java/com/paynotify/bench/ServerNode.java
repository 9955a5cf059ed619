package com.paynotify.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One server process ({@code java -jar} of the real server jar) on a fixed port, which can be
 * killed with SIGKILL and started again on the same port. Its output is appended to one log file
 * across restarts. Thread-safe.
 */
final class ServerNode {
  /** Exit status of a process ended by SIGKILL (128 + 9). */
  static final int KILLED = 137;

  private final int number;
  private final int port;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private @Nullable Process process;
  private long generation;
  private boolean ready;
  private boolean retired;
  private Instant startedAt = Instant.EPOCH;
  private Instant readySince = Instant.EPOCH;

  ServerNode(
      int number, int port, List<String> command, Map<String, String> environment, Path log) {
    this.number = number;
    this.port = port;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  int number() {
    return number;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  Path log() {
    return log;
  }

  /**
   * Starts the process unless it is running or the node is retired; it is not ready until {@link
   * #markReady} is called for this generation.
   */
  synchronized void start() {
    if (retired || (process != null && process.isAlive())) {
      return;
    }
    var builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    appendToLog("---- node " + number + " started at " + Instant.now() + "\n");
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + number + ": " + e.getMessage(), e);
    }
    ready = false;
    startedAt = Instant.now();
    generation++;
  }

  /** Kills the process for good: later starts do nothing. */
  synchronized void retire() {
    retired = true;
    kill();
  }

  /**
   * Kills the process with SIGKILL and waits for it to end; returns its exit status ({@link
   * #KILLED} when the signal did it). The JDK's {@code destroyForcibly} sends SIGKILL on Linux; the
   * exit status is returned so the caller can prove it. Returns -1 if no process was running.
   */
  synchronized int kill() {
    var p = process;
    if (p == null) {
      return -1;
    }
    p.destroyForcibly();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "node " + number + " (pid " + p.pid() + ") survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    process = null;
    ready = false;
    appendToLog(
        "---- node " + number + " killed at " + Instant.now() + ", exit " + p.exitValue() + "\n");
    return p.exitValue();
  }

  /**
   * The node answered HTTP since the start of {@code generation}; ignored if it was restarted
   * since.
   */
  synchronized void markReady(long generation) {
    if (generation == this.generation && process != null && process.isAlive() && !ready) {
      ready = true;
      readySince = Instant.now();
    }
  }

  /** How long the node has been serving; zero when it is not. */
  synchronized Duration serving() {
    return ready() ? Duration.between(readySince, Instant.now()) : Duration.ZERO;
  }

  synchronized boolean ready() {
    return ready && process != null && process.isAlive();
  }

  /**
   * The current start: its generation, and whether its process is running but has not answered yet.
   */
  synchronized Starting starting() {
    return new Starting(generation, process != null && process.isAlive() && !ready, startedAt);
  }

  /** The exit status if the process ended by itself (not through {@link #kill}), else null. */
  synchronized @Nullable Exited exited() {
    var p = process;
    if (p == null || p.isAlive()) {
      return null;
    }
    process = null;
    var wasReady = ready;
    ready = false;
    appendToLog(
        "---- node "
            + number
            + " exited by itself at "
            + Instant.now()
            + ", exit "
            + p.exitValue()
            + "\n");
    return new Exited(p.exitValue(), wasReady, Duration.between(startedAt, Instant.now()));
  }

  /** Where a start stands: its generation, whether it is still waiting to answer, since when. */
  record Starting(long generation, boolean waiting, Instant since) {}

  /** A process that ended by itself: its status, whether it had been serving, how long it ran. */
  record Exited(int status, boolean wasReady, Duration ran) {}

  private void appendToLog(String line) {
    try {
      Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("cannot write " + log + ": " + e.getMessage());
    }
  }

  static List<String> javaCommand(Path serverJar, List<String> jvmOptions, List<String> arguments) {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(serverJar.toString());
    command.addAll(arguments);
    return command;
  }
}
