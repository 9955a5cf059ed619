package com.paynotify.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/**
 * The database a benchmark runs on, made fresh and removed afterwards: a new PostgreSQL database
 * (from {@code PAYNOTIFY_BENCH_POSTGRES_URL}, default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}, as {@code PAYNOTIFY_BENCH_POSTGRES_USER}, default {@code
 * postgres}), or the embedded H2 file database the server uses by default.
 */
sealed interface BenchDatabase {

  /** The server's settings for this database. */
  List<String> serverArguments();

  String description();

  void drop();

  static BenchDatabase postgres() {
    var url = env("PAYNOTIFY_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    var user = env("PAYNOTIFY_BENCH_POSTGRES_USER", "postgres");
    var name = "paynotify_bench_" + Long.toHexString(System.nanoTime());
    execute(url, user, "CREATE DATABASE " + name);
    return new Postgres(url, user, name);
  }

  static BenchDatabase h2() {
    try {
      return new H2(Files.createTempDirectory("paynotify-bench"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh PostgreSQL database on the server of {@code adminUrl}. */
  record Postgres(String adminUrl, String user, String name) implements BenchDatabase {
    /** The JDBC URL of this database. */
    public String url() {
      return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
    }

    @Override
    public List<String> serverArguments() {
      return List.of("--spring.datasource.url=" + url(), "--spring.datasource.username=" + user);
    }

    @Override
    public String description() {
      return "PostgreSQL (" + name + ")";
    }

    @Override
    public void drop() {
      execute(adminUrl, user, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** The server's default: H2 in a file, in a fresh data directory. */
  record H2(Path dataDir) implements BenchDatabase {
    @Override
    public List<String> serverArguments() {
      return List.of("--paynotify.data-dir=" + dataDir);
    }

    @Override
    public String description() {
      return "embedded H2 file database (the default), in " + dataDir;
    }

    @Override
    public void drop() {
      try (var files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not remove " + dataDir + ": " + e.getMessage());
      }
    }
  }

  private static void execute(String url, String user, String sql) {
    try (var c = DriverManager.getConnection(url, user, "");
        var s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot run '" + sql + "' on " + url + ": " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    var value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
