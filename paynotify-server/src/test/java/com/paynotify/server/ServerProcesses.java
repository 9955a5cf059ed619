package com.paynotify.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The server run as a process of its own, so that a test can kill it with SIGKILL and start it
 * again on the same port and data directory; each run's output goes to its own log there.
 */
final class ServerProcesses implements AutoCloseable {
  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);
  private final Path dataDir;
  private final int port;
  private final List<Process> servers = new ArrayList<>();

  ServerProcesses(Path dataDir) throws IOException {
    this.dataDir = dataDir;
    this.port = freePort();
  }

  /** The API of whichever server is running. */
  Api api() {
    return new Api(port);
  }

  /**
   * Starts a server with the given settings besides port, token and data directory, and waits until
   * it is healthy.
   */
  Process start(String... settings) throws IOException, InterruptedException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var log = dataDir.resolve("server-" + servers.size() + ".log");
    var command =
        Stream.concat(
                Stream.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    PaynotifyApplication.class.getName(),
                    "--server.port=" + port,
                    "--paynotify.api-token=" + Api.TOKEN,
                    "--paynotify.data-dir=" + dataDir),
                Stream.of(settings))
            .toList();
    var process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    servers.add(process);
    var api = api();
    // Generous: on a loaded 2-core machine a cold start of the server has taken over a minute.
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited: " + Files.readString(log));
      }
      try {
        if (api.send(api.unauthenticated("/actuator/health").GET()).status() == 200) {
          return process;
        }
      } catch (IllegalStateException notYetListening) {
        // Starting up.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "the server did not start within " + STARTUP_LIMIT + ": " + Files.readString(log));
  }

  /** Kills every server started, SIGKILL. */
  @Override
  public void close() {
    servers.forEach(Process::destroyForcibly);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
