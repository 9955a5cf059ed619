package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.getRequiredInstant;
import static com.paynotify.store.jdbc.Jdbc.truncate;

import com.paynotify.access.AuditEntry;
import com.paynotify.access.AuditLog;
import com.paynotify.notification.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit log on H2, PostgreSQL or MySQL/MariaDB: one row per entry, ordered by its sequence.
 * {@link #purgeBefore} is 2 statements: a range scan of the {@code created_at} index for the oldest
 * entries' sequence numbers, and a delete of those by primary key.
 */
public final class JdbcAuditLog implements AuditLog {
  public static final int MAX_SIZE = 500;

  /** Keeps each IN list well under every driver's parameter limit. */
  private static final int MAX_IN_LIST = 500;

  private final Jdbc jdbc;

  public JdbcAuditLog(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void record(AuditEntry entry) {
    jdbc.withConnection(
        "record audit entry",
        connection ->
            Jdbc.requireOne(
                Jdbc.update(
                    connection,
                    "INSERT INTO audit_log (created_at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                    statement ->
                        new Jdbc.Params(statement)
                            .instant(entry.at())
                            .string(truncate(entry.actor(), 200))
                            .string(truncate(entry.action(), 64))
                            .string(truncate(entry.target(), 200))
                            .string(truncate(entry.detail(), AuditEntry.MAX_DETAIL_CHARS))),
                "insert audit entry"));
  }

  @Override
  public Page<AuditEntry> find(int page, int size) {
    if (page < 0) {
      throw new IllegalArgumentException("page: " + page + " must be 0 or more");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size: " + size + " must be between 1 and " + MAX_SIZE);
    }
    return jdbc.withConnection(
        "read audit log",
        connection -> {
          long total =
              Jdbc.queryLong(connection, "SELECT COUNT(*) FROM audit_log", statement -> {});
          List<AuditEntry> items =
              Jdbc.query(
                  connection,
                  "SELECT seq, created_at, actor, action, target, detail FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?",
                  statement ->
                      new Jdbc.Params(statement)
                          .integer(size) // LIMIT
                          .bigint((long) page * size), // OFFSET
                  JdbcAuditLog::read);
          return new Page<>(items, page, size, total);
        });
  }

  @Override
  public int purgeBefore(Instant cutoff, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
    return jdbc.withConnection(
        "purge audit log",
        connection -> {
          // No lock needed: two nodes purging the same rows delete each once, and entries are never
          // updated.
          var seqs =
              Jdbc.query(
                  connection,
                  "SELECT seq FROM audit_log WHERE created_at < ? ORDER BY created_at, seq LIMIT ?",
                  statement ->
                      new Jdbc.Params(statement)
                          .instant(cutoff) // created_at < ?
                          .integer(limit), // LIMIT
                  row -> row.getLong(1));
          int deleted = 0;
          for (int from = 0; from < seqs.size(); from += MAX_IN_LIST) {
            var chunk = seqs.subList(from, Math.min(seqs.size(), from + MAX_IN_LIST));
            // Fewer than asked: another node purged some of them first.
            deleted +=
                Jdbc.requireBetween(
                    Jdbc.update(
                        connection,
                        "DELETE FROM audit_log WHERE seq IN ("
                            + Jdbc.placeholders(chunk.size())
                            + ")",
                        statement -> new Jdbc.Params(statement).all(chunk)),
                    0,
                    chunk.size(),
                    "purge audit entries");
          }
          return deleted;
        });
  }

  private static AuditEntry read(ResultSet row) throws SQLException {
    return new AuditEntry(
        row.getLong("seq"),
        getRequiredInstant(row, "created_at"),
        row.getString("actor"),
        row.getString("action"),
        row.getString("target"),
        row.getString("detail"));
  }
}
