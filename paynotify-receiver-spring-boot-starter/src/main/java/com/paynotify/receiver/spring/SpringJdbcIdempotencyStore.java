package com.paynotify.receiver.spring;

import com.paynotify.receiver.IdempotencyRecord;
import com.paynotify.receiver.IdempotencyStoreException;
import com.paynotify.receiver.TransactionalIdempotencyStore;
import com.paynotify.receiver.jdbc.JdbcIdempotencyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.TransactionStatus;

/**
 * The {@link JdbcIdempotencyStore} on the application's {@link DataSource}, whose DONE mark joins
 * the Spring transaction a {@link SpringHandlerTransaction} opened for the handler: written on the
 * transaction's connection ({@link DataSourceUtils}), it commits or rolls back with the business
 * update. Claims, heartbeats and releases stay short statements on connections of their own, so a
 * duplicate sees a claim at once and never waits on the merchant's transaction.
 */
public final class SpringJdbcIdempotencyStore implements TransactionalIdempotencyStore {
  private final DataSource dataSource;
  private final JdbcIdempotencyStore jdbc;
  private final ThreadLocal<@Nullable Delivery> current = new ThreadLocal<>();

  /** The delivery running on this thread inside a {@link SpringHandlerTransaction}. */
  static final class Delivery {
    final @Nullable Delivery outer;
    @Nullable TransactionStatus transaction;
    @Nullable String key;
    @Nullable String fingerprint;
    @Nullable String ownerToken;

    private Delivery(@Nullable Delivery outer) {
      this.outer = outer;
    }
  }

  public SpringJdbcIdempotencyStore(DataSource dataSource) {
    // A transaction manager binds the proxy's target; the claims must not join the transaction.
    this.dataSource =
        dataSource instanceof TransactionAwareDataSourceProxy proxy
                && proxy.getTargetDataSource() != null
            ? proxy.getTargetDataSource()
            : dataSource;
    this.jdbc = JdbcIdempotencyStore.create(this.dataSource);
  }

  /** The plain store underneath, for its dialect and schema. */
  public JdbcIdempotencyStore jdbc() {
    return jdbc;
  }

  /** The data source whose transaction the DONE mark joins. */
  public DataSource dataSource() {
    return dataSource;
  }

  Delivery begin() {
    var delivery = new Delivery(current.get());
    current.set(delivery);
    return delivery;
  }

  void end(Delivery delivery) {
    if (delivery.outer == null) {
      current.remove();
    } else {
      current.set(delivery.outer);
    }
  }

  @Override
  public Claim claim(
      String key, String fingerprint, String ownerToken, Instant now, Duration lease) {
    return jdbc.claim(key, fingerprint, ownerToken, now, lease);
  }

  @Override
  public boolean renew(String key, String ownerToken, Instant now, Duration lease) {
    return jdbc.renew(key, ownerToken, now, lease);
  }

  /**
   * Inside a {@link SpringHandlerTransaction}, the DONE mark on the transaction's connection,
   * uncommitted; otherwise {@link JdbcIdempotencyStore#complete}.
   */
  @Override
  public boolean complete(String key, String ownerToken, Instant now, Instant keepUntil) {
    var delivery = current.get();
    if (delivery == null
        || delivery.transaction == null
        || !key.equals(delivery.key)
        || delivery.fingerprint == null) {
      return jdbc.complete(key, ownerToken, now, keepUntil);
    }
    delivery.ownerToken = ownerToken;
    var connection = DataSourceUtils.getConnection(dataSource);
    try {
      if (connection.getAutoCommit()) {
        // Written here it would commit at once, apart from the business update.
        throw new IdempotencyStoreException(
            "cannot mark "
                + key
                + " done: the transaction manager"
                + " does not manage the store's DataSource, so the mark cannot join its transaction");
      }
      return jdbc.completeInTransaction(
          connection, key, ownerToken, delivery.fingerprint, now, keepUntil);
    } catch (SQLException e) {
      throw new IdempotencyStoreException("cannot mark " + key + " done in the transaction", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  @Override
  public boolean release(String key, String ownerToken) {
    return jdbc.release(key, ownerToken);
  }

  @Override
  public boolean completeInTransaction(
      Connection connection,
      String key,
      String ownerToken,
      String fingerprint,
      Instant now,
      Instant keepUntil) {
    return jdbc.completeInTransaction(connection, key, ownerToken, fingerprint, now, keepUntil);
  }

  @Override
  public Optional<IdempotencyRecord> find(String key) {
    return jdbc.find(key);
  }

  @Override
  public int purgeBatch(Instant now, Instant abandonedBefore, int limit) {
    return jdbc.purgeBatch(now, abandonedBefore, limit);
  }
}
