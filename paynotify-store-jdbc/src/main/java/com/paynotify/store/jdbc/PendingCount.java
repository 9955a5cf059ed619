package com.paynotify.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How many notifications are PENDING, kept as counters beside them, so the backlog's scheduled
 * count reads {@value #SLOTS} rows instead of every waiting notification: with a million waiting,
 * counting them took longer than the rest of a stats call together.
 *
 * <p>Every transaction that changes how many are PENDING adds its change to one counter row, as its
 * last write, so it holds that row's lock only until its commit. The rows are split between claims
 * and every other writer: a claim can lock a notification whose lease lapsed while its result is
 * being written, and if both then waited for the same counter row they would deadlock.
 */
final class PendingCount {
  static final int SLOTS = 8;

  /** The PENDING notifications: the counters added up. */
  static final String SUM = "SELECT COALESCE(SUM(pending), 0) FROM pending_count";

  private static final String ADD = "UPDATE pending_count SET pending = pending + ? WHERE slot = ?";

  /** Who writes: each has its own half of the slots (see the class comment). */
  enum Writer {
    CLAIM(0),
    OTHER(SLOTS / 2);

    private final int firstSlot;

    Writer(int firstSlot) {
      this.firstSlot = firstSlot;
    }

    int slot() {
      return firstSlot + ThreadLocalRandom.current().nextInt(SLOTS / 2);
    }
  }

  private PendingCount() {}

  /**
   * Adds {@code delta} PENDING notifications in {@code connection}'s transaction; nothing when it
   * is 0.
   */
  static void add(Connection connection, long delta, Writer writer) throws SQLException {
    if (delta == 0) {
      return;
    }
    int slot = writer.slot();
    int rows =
        Jdbc.update(
            connection, ADD, statement -> new Jdbc.Params(statement).bigint(delta).integer(slot));
    if (rows != 1) {
      // V14 writes every slot and nothing deletes them.
      throw new IllegalStateException(
          "pending_count slot "
              + slot
              + " matched "
              + rows
              + " rows, not 1; this indicates a bug or a damaged schema");
    }
  }
}
