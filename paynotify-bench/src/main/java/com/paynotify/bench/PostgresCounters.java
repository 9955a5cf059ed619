package com.paynotify.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What PostgreSQL did for the benchmark's database between two readings: CPU of the backends
 * serving it (and of the shared background processes) from {@code /proc}, commits from {@code
 * pg_stat_database}, row writes per table from {@code pg_stat_user_tables}, and, when the extension
 * is preloaded, calls and execution time per statement from {@code pg_stat_statements}.
 */
final class PostgresCounters implements AutoCloseable {
  private final Connection connection;
  private final long ownPid;
  private final long postmaster;
  private final boolean statementsTracked;
  private final String statementsNote;

  /** One reading. */
  record Reading(
      Map<Long, Long> processCpu,
      long clusterCpu,
      long commits,
      long rollbacks,
      Map<String, TableCounts> tables,
      Map<String, StatementCounts> statements) {}

  record TableCounts(
      long inserts, long updates, long hotUpdates, long deletes, long seqScans, long idxScans) {
    TableCounts minus(@Nullable TableCounts o) {
      return o == null
          ? this
          : new TableCounts(
              inserts - o.inserts,
              updates - o.updates,
              hotUpdates - o.hotUpdates,
              deletes - o.deletes,
              seqScans - o.seqScans,
              idxScans - o.idxScans);
    }

    boolean isZero() {
      return inserts == 0 && updates == 0 && deletes == 0 && seqScans == 0 && idxScans == 0;
    }
  }

  record StatementCounts(String query, long calls, double totalMs) {}

  /** The difference of two readings. */
  record Delta(
      long databaseCpuMillis,
      long clusterCpuMillis,
      long commits,
      long rollbacks,
      Map<String, TableCounts> tables,
      @Nullable List<StatementCounts> statements) {}

  PostgresCounters(BenchDatabase.Postgres database) throws SQLException {
    var url =
        database.adminUrl().substring(0, database.adminUrl().lastIndexOf('/') + 1)
            + database.name();
    this.connection = DriverManager.getConnection(url, database.user(), "");
    this.ownPid = single("SELECT pg_backend_pid()");
    this.postmaster = ProcCpu.parent(ownPid);
    var preload = text("SELECT current_setting('shared_preload_libraries')");
    boolean tracked = false;
    String note;
    if (!preload.contains("pg_stat_statements")) {
      note =
          "pg_stat_statements unavailable: it is not in shared_preload_libraries ('"
              + preload
              + "'). To enable it: "
              + "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'; then restart PostgreSQL "
              + "(e.g. pg_ctlcluster 15 main restart); the benchmark creates the extension in its database itself.";
    } else {
      try (var s = connection.createStatement()) {
        s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        tracked = true;
        note = "pg_stat_statements: on";
      } catch (SQLException e) {
        note = "pg_stat_statements unavailable: CREATE EXTENSION failed: " + e.getMessage();
      }
    }
    this.statementsTracked = tracked;
    this.statementsNote = note;
  }

  String statementsNote() {
    return statementsNote;
  }

  String version() throws SQLException {
    return text("SELECT current_setting('server_version')");
  }

  /** Settings that change what the counters mean, for the report. */
  String settings() throws SQLException {
    return "autovacuum="
        + text("SELECT current_setting('autovacuum')")
        + ", synchronous_commit="
        + text("SELECT current_setting('synchronous_commit')")
        + ", shared_buffers="
        + text("SELECT current_setting('shared_buffers')");
  }

  /**
   * A reading. Backends publish their counters at most once a second and, when idle, after up to
   * ten seconds; call {@link #settle()} first when the counters must include work just done.
   */
  Reading read() throws SQLException {
    var pids = new ArrayList<Long>();
    try (var s =
            connection.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE (datname = current_database() OR backend_type <> 'client backend')"
                    + " AND pid <> pg_backend_pid()");
        var rows = s.executeQuery()) {
      while (rows.next()) {
        pids.add(rows.getLong(1));
      }
    }
    var cpu = new HashMap<Long, Long>();
    for (var pid : pids) {
      ProcCpu.millis(pid).ifPresent(ms -> cpu.put(pid, ms));
    }
    long cluster = postmaster > 0 ? ProcCpu.tree(postmaster) : 0;
    execute("SELECT pg_stat_clear_snapshot()");
    long commits;
    long rollbacks;
    try (var s = connection.createStatement();
        var rows =
            s.executeQuery(
                "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
      rows.next();
      commits = rows.getLong(1);
      rollbacks = rows.getLong(2);
    }
    var tables = new LinkedHashMap<String, TableCounts>();
    try (var s = connection.createStatement();
        var rows =
            s.executeQuery(
                "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, seq_scan, COALESCE(idx_scan, 0)"
                    + " FROM pg_stat_user_tables ORDER BY relname")) {
      while (rows.next()) {
        tables.put(
            rows.getString(1),
            new TableCounts(
                rows.getLong(2),
                rows.getLong(3),
                rows.getLong(4),
                rows.getLong(5),
                rows.getLong(6),
                rows.getLong(7)));
      }
    }
    var statements = new HashMap<String, StatementCounts>();
    if (statementsTracked) {
      try (var s = connection.createStatement();
          var rows =
              s.executeQuery(
                  "SELECT queryid, toplevel, query, calls, total_exec_time FROM pg_stat_statements"
                      + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
        while (rows.next()) {
          statements.put(
              rows.getLong(1) + "/" + rows.getBoolean(2),
              new StatementCounts(rows.getString(3), rows.getLong(4), rows.getDouble(5)));
        }
      }
    }
    return new Reading(cpu, cluster, commits, rollbacks, tables, statements);
  }

  /**
   * VACUUM (ANALYZE) of the benchmark's database: what autovacuum would have done between two
   * phases, so dead row versions one phase left (autovacuum is off on some machines) do not slow
   * the next.
   */
  void vacuum() throws SQLException {
    execute("VACUUM (ANALYZE)");
  }

  /** Waits out the idle flush interval of backends' statistics (PGSTAT_IDLE_INTERVAL, 10 s). */
  void settle() throws InterruptedException {
    Thread.sleep(11_000);
  }

  Delta between(Reading before, Reading after) {
    long cpu = 0;
    for (var entry : after.processCpu().entrySet()) {
      // A backend that started in between counts from zero; one that ended in between is lost.
      cpu += entry.getValue() - before.processCpu().getOrDefault(entry.getKey(), 0L);
    }
    var tables = new LinkedHashMap<String, TableCounts>();
    after
        .tables()
        .forEach(
            (name, counts) -> {
              var d = counts.minus(before.tables().get(name));
              if (!d.isZero()) {
                tables.put(name, d);
              }
            });
    List<StatementCounts> statements = null;
    if (statementsTracked) {
      statements = new ArrayList<>();
      for (var entry : after.statements().entrySet()) {
        var was = before.statements().get(entry.getKey());
        var now = entry.getValue();
        long calls = now.calls() - (was == null ? 0 : was.calls());
        if (calls > 0) {
          statements.add(
              new StatementCounts(
                  now.query(), calls, now.totalMs() - (was == null ? 0 : was.totalMs())));
        }
      }
      statements.sort(Comparator.comparingDouble(StatementCounts::totalMs).reversed());
    }
    return new Delta(
        cpu,
        after.clusterCpu() - before.clusterCpu(),
        after.commits() - before.commits(),
        after.rollbacks() - before.rollbacks(),
        tables,
        statements);
  }

  /** How many indexes {@code table} has, and the size of the table and of its indexes, in MiB. */
  String sizes(String table) throws SQLException {
    try (var s =
        connection.prepareStatement(
            "SELECT (SELECT count(*) FROM pg_indexes WHERE tablename = ?),"
                + " pg_relation_size(?::regclass), pg_indexes_size(?::regclass)")) {
      for (int i = 1; i <= 3; i++) {
        s.setString(i, table);
      }
      try (var rows = s.executeQuery()) {
        rows.next();
        return "%s: %d indexes, table %.0f MiB, indexes %.0f MiB"
            .formatted(
                table, rows.getLong(1), rows.getLong(2) / 1048576.0, rows.getLong(3) / 1048576.0);
      }
    }
  }

  private long single(String sql) throws SQLException {
    try (var s = connection.createStatement();
        var rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private String text(String sql) throws SQLException {
    try (var s = connection.createStatement();
        var rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (var s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
