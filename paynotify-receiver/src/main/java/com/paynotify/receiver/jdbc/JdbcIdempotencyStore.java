package com.paynotify.receiver.jdbc;

import com.paynotify.receiver.DedupKeys;
import com.paynotify.receiver.IdempotencyRecord;
import com.paynotify.receiver.IdempotencyStoreException;
import com.paynotify.receiver.TransactionalIdempotencyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The idempotency store in one table, {@code paynotify_receiver_idempotency}, on PostgreSQL,
 * MySQL/MariaDB or H2. Each operation is one or two short auto-committed statements on a connection
 * of the given pool; {@link #completeInTransaction} instead writes on the merchant's connection.
 *
 * <p>Cost per delivery: a first delivery is 1 insert + 1 update (DONE); a duplicate is 1 insert (0
 * rows) + 1 conditional update (0 rows) + 1 select; a heartbeat is 1 update.
 */
public final class JdbcIdempotencyStore implements TransactionalIdempotencyStore {
  static final String TABLE = "paynotify_receiver_idempotency";
  private static final String COLUMNS =
      "idempotency_key, state, owner_token, fingerprint, claimed_at_ms, lease_until_ms,"
          + " done_at_ms, keep_until_ms";
  private static final String SELECT =
      "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE idempotency_key = ?";
  private static final String TAKEOVER =
      """
      UPDATE paynotify_receiver_idempotency
         SET owner_token = ?, claimed_at_ms = ?, lease_until_ms = ?
       WHERE idempotency_key = ? AND state = 'PROCESSING' AND lease_until_ms <= ? AND fingerprint = ?
      """;
  private static final String RENEW =
      """
      UPDATE paynotify_receiver_idempotency SET lease_until_ms = ?
       WHERE idempotency_key = ? AND owner_token = ? AND state = 'PROCESSING'
      """;
  private static final String COMPLETE =
      """
      UPDATE paynotify_receiver_idempotency SET state = 'DONE', done_at_ms = ?, keep_until_ms = ?
       WHERE idempotency_key = ? AND owner_token = ? AND state = 'PROCESSING'
      """;
  private static final String RELEASE =
      """
      DELETE FROM paynotify_receiver_idempotency
       WHERE idempotency_key = ? AND owner_token = ? AND state = 'PROCESSING'
      """;
  private static final String PURGE_CONDITION =
      "((state = 'DONE' AND keep_until_ms <= ?) OR (state = 'PROCESSING' AND lease_until_ms <= ?))";
  private static final int CLAIM_ROUNDS = 5;

  private final DataSource dataSource;
  private final JdbcDialect dialect;
  private final String insertIfAbsent;
  private final String purgeBatch;

  private JdbcIdempotencyStore(DataSource dataSource, JdbcDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.insertIfAbsent = dialect.insertIfAbsent(TABLE, COLUMNS, "?, ?, ?, ?, ?, ?, ?, ?");
    this.purgeBatch = dialect.purgeBatch(TABLE, PURGE_CONDITION);
  }

  /** A store on this data source, its dialect read from the database's product name. */
  public static JdbcIdempotencyStore create(DataSource dataSource) {
    try (var connection = dataSource.getConnection()) {
      return new JdbcIdempotencyStore(dataSource, JdbcDialect.of(connection));
    } catch (SQLException e) {
      throw new IdempotencyStoreException("cannot read the database product name", e);
    }
  }

  /** A store on this data source with a known dialect. */
  public static JdbcIdempotencyStore create(DataSource dataSource, JdbcDialect dialect) {
    return new JdbcIdempotencyStore(dataSource, dialect);
  }

  /** The dialect in use. */
  public JdbcDialect dialect() {
    return dialect;
  }

  /** Creates the table and its index if missing, from the DDL shipped with the library. */
  public void createSchemaIfMissing() {
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      for (var sql : dialect.ddlStatements()) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IdempotencyStoreException("cannot create table " + TABLE, e);
    }
  }

  @Override
  public Claim claim(
      String key, String fingerprint, String ownerToken, Instant now, Duration lease) {
    checkLengths(key, fingerprint, ownerToken);
    var leaseUntil = now.plus(lease);
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      // A record released between our insert and our read vanishes; then we simply try again.
      for (var round = 0; round < CLAIM_ROUNDS; round++) {
        if (insertIfAbsent(
            connection, key, "PROCESSING", ownerToken, fingerprint, now, leaseUntil, null, null)) {
          return new Claim.Acquired(false);
        }
        try (var takeover = connection.prepareStatement(TAKEOVER)) {
          takeover.setString(1, ownerToken); // owner_token
          takeover.setLong(2, now.toEpochMilli()); // claimed_at_ms
          takeover.setLong(3, leaseUntil.toEpochMilli()); // lease_until_ms
          takeover.setString(4, key); // idempotency_key
          takeover.setLong(5, now.toEpochMilli()); // lease ended at or before now
          takeover.setString(6, fingerprint); // only the same payment fields are taken over
          if (takeover.executeUpdate() == 1) {
            return new Claim.Acquired(true);
          }
        }
        var existing = find(connection, key);
        if (existing.isPresent()) {
          return new Claim.Held(existing.get());
        }
      }
      throw new IdempotencyStoreException(
          "claim of " + key + " kept racing with releases for " + CLAIM_ROUNDS + " rounds");
    } catch (SQLException e) {
      throw new IdempotencyStoreException("cannot claim " + key, e);
    }
  }

  @Override
  public boolean renew(String key, String ownerToken, Instant now, Duration lease) {
    return update(
        RENEW,
        "renew",
        key,
        ps -> {
          ps.setLong(1, now.plus(lease).toEpochMilli()); // lease_until_ms
          ps.setString(2, key);
          ps.setString(3, ownerToken);
        });
  }

  @Override
  public boolean complete(String key, String ownerToken, Instant now, Instant keepUntil) {
    return update(
        COMPLETE, "complete", key, ps -> bindComplete(ps, key, ownerToken, now, keepUntil));
  }

  @Override
  public boolean release(String key, String ownerToken) {
    return update(
        RELEASE,
        "release",
        key,
        ps -> {
          ps.setString(1, key);
          ps.setString(2, ownerToken);
        });
  }

  @Override
  public boolean completeInTransaction(
      Connection connection,
      String key,
      String ownerToken,
      String fingerprint,
      Instant now,
      Instant keepUntil) {
    checkLengths(key, fingerprint, ownerToken);
    try {
      try (var ps = connection.prepareStatement(COMPLETE)) {
        bindComplete(ps, key, ownerToken, now, keepUntil);
        if (ps.executeUpdate() == 1) {
          return true;
        }
      }
      // Our claim is gone (the key was released by a later owner that failed): the key is free,
      // so this owner's committed work is the one that counts. Inserted, never upserted: if any
      // record exists, another owner holds the key and we must roll back.
      return insertIfAbsent(
          connection, key, "DONE", ownerToken, fingerprint, now, now, now, keepUntil);
    } catch (SQLException e) {
      throw new IdempotencyStoreException("cannot mark " + key + " done in the transaction", e);
    }
  }

  @Override
  public Optional<IdempotencyRecord> find(String key) {
    try (var connection = dataSource.getConnection()) {
      return find(connection, key);
    } catch (SQLException e) {
      throw new IdempotencyStoreException("cannot read " + key, e);
    }
  }

  @Override
  public int purgeBatch(Instant now, Instant abandonedBefore, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: must be at least 1, got " + limit);
    }
    try (var connection = dataSource.getConnection();
        var ps = connection.prepareStatement(purgeBatch)) {
      connection.setAutoCommit(true);
      var i = 1;
      if (dialect != JdbcDialect.MYSQL) {
        ps.setLong(i++, now.toEpochMilli()); // subquery: DONE and kept until at or before now
        ps.setLong(i++, abandonedBefore.toEpochMilli()); // subquery: abandoned PROCESSING lease end
        ps.setInt(i++, limit);
      }
      ps.setLong(i++, now.toEpochMilli()); // keep_until_ms
      ps.setLong(i++, abandonedBefore.toEpochMilli()); // lease_until_ms
      if (dialect == JdbcDialect.MYSQL) {
        ps.setInt(i, limit);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IdempotencyStoreException("cannot purge " + TABLE, e);
    }
  }

  private boolean insertIfAbsent(
      Connection connection,
      String key,
      String state,
      String ownerToken,
      String fingerprint,
      Instant claimedAt,
      Instant leaseUntil,
      @Nullable Instant doneAt,
      @Nullable Instant keepUntil)
      throws SQLException {
    try (var ps = connection.prepareStatement(insertIfAbsent)) {
      ps.setString(1, key);
      ps.setString(2, state);
      ps.setString(3, ownerToken);
      ps.setString(4, fingerprint);
      ps.setLong(5, claimedAt.toEpochMilli());
      ps.setLong(6, leaseUntil.toEpochMilli());
      setNullableMillis(ps, 7, doneAt);
      setNullableMillis(ps, 8, keepUntil);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      if (dialect == JdbcDialect.H2 && "23505".equals(e.getSQLState())) {
        return false; // H2 undid this statement only; the transaction goes on
      }
      throw e;
    }
  }

  private static void bindComplete(
      PreparedStatement ps, String key, String ownerToken, Instant now, Instant keepUntil)
      throws SQLException {
    ps.setLong(1, now.toEpochMilli()); // done_at_ms
    ps.setLong(2, keepUntil.toEpochMilli()); // keep_until_ms
    ps.setString(3, key);
    ps.setString(4, ownerToken); // compare-and-set on the owner
  }

  private static void setNullableMillis(PreparedStatement ps, int index, @Nullable Instant value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, java.sql.Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  private Optional<IdempotencyRecord> find(Connection connection, String key) throws SQLException {
    try (var ps = connection.prepareStatement(SELECT)) {
      ps.setString(1, key);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static IdempotencyRecord read(ResultSet rs) throws SQLException {
    return new IdempotencyRecord(
        rs.getString("idempotency_key"),
        IdempotencyRecord.State.valueOf(rs.getString("state")),
        rs.getString("owner_token"),
        rs.getString("fingerprint"),
        Instant.ofEpochMilli(rs.getLong("claimed_at_ms")),
        Instant.ofEpochMilli(rs.getLong("lease_until_ms")),
        nullableMillis(rs, "done_at_ms"),
        nullableMillis(rs, "keep_until_ms"));
  }

  private static @Nullable Instant nullableMillis(ResultSet rs, String column) throws SQLException {
    var value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private boolean update(String sql, String what, String key, Binder binder) {
    try (var connection = dataSource.getConnection();
        var ps = connection.prepareStatement(sql)) {
      connection.setAutoCommit(true);
      binder.bind(ps);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IdempotencyStoreException("cannot " + what + " " + key, e);
    }
  }

  private static void checkLengths(String key, String fingerprint, String ownerToken) {
    if (key.length() > DedupKeys.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "key: at most " + DedupKeys.MAX_LENGTH + " characters, got " + key.length());
    }
    if (fingerprint.length() > 255) {
      throw new IllegalArgumentException(
          "fingerprint: at most 255 characters, got " + fingerprint.length());
    }
    if (ownerToken.length() > 64) {
      throw new IllegalArgumentException(
          "ownerToken: at most 64 characters, got " + ownerToken.length());
    }
  }
}
