package com.paynotify.receiver;

import com.paynotify.receiver.jdbc.JdbcIdempotencyStore;
import com.zaxxer.hikari.HikariDataSource;

/**
 * An H2 idempotency store per test, for the verifier tests that run callbacks through a receiver.
 */
final class H2Receivers implements AutoCloseable {
  final HikariDataSource dataSource = new HikariDataSource();
  final JdbcIdempotencyStore store;

  H2Receivers() {
    dataSource.setJdbcUrl(
        "jdbc:h2:mem:verifier_" + TestServers.randomSuffix() + ";DB_CLOSE_DELAY=-1");
    store = JdbcIdempotencyStore.create(dataSource);
    store.createSchemaIfMissing();
  }

  NotificationReceiver receiver(
      CallbackVerifier verifier, MutableClock clock, RecordingMetrics metrics) {
    return NotificationReceiver.builder(verifier, store).clock(clock).metrics(metrics).build();
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
