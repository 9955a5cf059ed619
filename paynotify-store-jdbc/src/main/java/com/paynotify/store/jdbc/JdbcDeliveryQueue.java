package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.getInstant;
import static com.paynotify.store.jdbc.Jdbc.millis;
import static com.paynotify.store.jdbc.Jdbc.millisOrNull;
import static com.paynotify.store.jdbc.Jdbc.truncate;
import static com.paynotify.store.jdbc.NotificationRows.COLUMNS;

import com.paynotify.ConflictException;
import com.paynotify.StoreException;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.CreateResult;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Transition;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The delivery queue on H2, PostgreSQL or MySQL/MariaDB, over the schema of {@link JdbcSchema}.
 * Thread-safe; several processes may share one database. Instants are kept to the millisecond, so
 * values read back are truncated to milliseconds.
 *
 * <p>Cost in SQL statements: {@link #claimDue} is 2 per batch (one locking select, one update of
 * the claimed ids); {@link #apply} is 1 batched update plus 1 batched insert of the attempts;
 * {@link #purgeEnded} is 3 (a locking select, then two deletes). {@link #createAll} and {@link
 * #apply} also add to the statistics counters ({@link RollupDeltas}) in the same transaction, one
 * upsert per minute, merchant and channel touched, which {@link JdbcNotificationReports} reads
 * instead of the rows ({@link RollupStats}).
 */
public final class JdbcDeliveryQueue implements DeliveryQueue {
  /** The longest error message kept, in an attempt and as a notification's last error. */
  public static final int MAX_ERROR_CHARS = 1000;

  /** The longest abandon reason kept. */
  public static final int MAX_REASON_CHARS = 1000;

  /** Keeps each IN list well under every driver's parameter limit. */
  private static final int MAX_IN_LIST = 500;

  private static final String INSERT =
      """
      INSERT INTO notification (
        id, merchant_id, channel, order_no, transaction_id, payment_status, amount, refund_amount,
        currency, notify_url, extra, retry_policy, idempotency_key, fingerprint, status, attempts,
        max_attempts, next_attempt_at, lease_until, due_at, last_http_status, last_response, last_error,
        created_at, updated_at, completed_at, abandon_reason, version, paid_at, refunded_at, headers)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  /**
   * Due rows in due order, skipping those another claimer holds: one range scan of the {@code
   * due_at} index. The per-order check is a second, separate query over just these candidates,
   * because folded in here as a correlated NOT EXISTS, PostgreSQL planned a fresh table's claim as
   * a nested loop of sequential scans, and a claim took most of a second.
   */
  static final String SELECT_DUE_FOR_UPDATE =
      """
      SELECT %s
      FROM notification n
      WHERE n.due_at >= %s AND n.due_at <= ?
      ORDER BY n.due_at
      LIMIT ?
      FOR UPDATE SKIP LOCKED"""
          .formatted(COLUMNS, Dialect.BEFORE_ANY_DUE_TIME);

  private static final String UPDATE_CLAIMED =
      """
      UPDATE notification
      SET status = 'DELIVERING', lease_until = ?, due_at = ?, version = version + 1, updated_at = ?
      WHERE %s""";

  /**
   * Every notification with one of the given order numbers, to find each order's first waiting or
   * in-flight one; other merchants' rows and ended ones are dropped in Java. The order number is
   * the only condition on purpose: it leaves planners one index to choose, and an order has few
   * rows. With the status in the query, PostgreSQL's generic plan and H2 could pick the status
   * index and read every waiting notification of a backlog for each claim.
   */
  private static final String SELECT_OF_ORDERS =
      """
      SELECT id, merchant_id, order_no, seq, due_at, next_attempt_at, status FROM notification
      WHERE %s""";

  /** A later event whose order is still busy is looked at again later, not at every claim. */
  private static final String POSTPONE =
      """
      UPDATE notification SET due_at = ? WHERE id = ?""";

  /**
   * When a notification ends, the later events of its order that a claim postponed are due again at
   * their own time. They are found with {@link #SELECT_OF_ORDERS} and released by id; the
   * conditions are repeated so a row that changed meanwhile is left alone.
   */
  private static final String RELEASE_POSTPONED =
      """
      UPDATE notification SET due_at = next_attempt_at
      WHERE id = ? AND status = 'PENDING' AND due_at > next_attempt_at""";

  /**
   * The longest a held-back later event waits before its order is checked again. Short, because the
   * release can miss it: a result whose release runs while the claim that postpones is still
   * uncommitted does not see that postponement, and then only this recheck frees the later event.
   */
  private static final Duration ORDER_RECHECK = Duration.ofSeconds(5);

  private static final String UPDATE_STATE =
      """
      UPDATE notification
      SET status = ?, attempts = ?, max_attempts = ?, next_attempt_at = ?, lease_until = ?, due_at = ?,
          last_http_status = ?, last_response = ?, last_error = ?, updated_at = ?, completed_at = ?,
          abandon_reason = ?, version = version + 1
      WHERE id = ? AND version = ? AND status = ?""";

  private static final String INSERT_ATTEMPT =
      """
      INSERT INTO attempt (
        notification_id, number, started_at, duration_ms, http_status, response, error_kind, error, request_headers)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  private static final String SELECT_ENDED_FOR_UPDATE =
      """
      SELECT id FROM notification
      WHERE status IN ('SUCCEEDED', 'ABANDONED') AND completed_at < ?
      ORDER BY completed_at
      LIMIT ?
      FOR UPDATE SKIP LOCKED""";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final boolean recordOutcomes;

  /** A store on {@code dataSource}, whose dialect is detected now, using one connection. */
  public JdbcDeliveryQueue(DataSource dataSource) {
    this(dataSource, Dialect.of(dataSource));
  }

  public JdbcDeliveryQueue(DataSource dataSource, Dialect dialect) {
    this(dataSource, dialect, false);
  }

  /**
   * @param recordOutcomes whether each notification that ends (SUCCEEDED, FAILED, ABANDONED) also
   *     writes its outcome to the outbox ({@link JdbcOutcomeOutbox}), in the same transaction; off,
   *     the outbox costs nothing
   */
  public JdbcDeliveryQueue(DataSource dataSource, Dialect dialect, boolean recordOutcomes) {
    this.jdbc = new Jdbc(dataSource);
    this.dialect = dialect;
    this.recordOutcomes = recordOutcomes;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction and one commit for the whole list: a batched {@code INSERT} of the new
   * notifications, plus, when the offer has room, one {@code SELECT} of the notifications of their
   * orders (by order number, as for a claim). If the database refuses any of them (a key stored
   * meanwhile, a value too long), that transaction is rolled back and each is created in its own,
   * so only the refused ones fail. If the database is down, all fail with it; if it goes down while
   * they are created one by one, those after fail with it unwritten, so the list's order is kept.
   */
  @Override
  public List<CreateResult> createAll(List<Notification> notifications, LeaseOffer offer) {
    if (notifications.isEmpty()) {
      return List.of();
    }
    var stored = notifications.stream().map(JdbcDeliveryQueue::normalized).toList();
    if (stored.size() == 1) {
      return List.of(createOne(stored.getFirst(), offer));
    }
    try {
      return jdbc.inTransaction(
          "create notifications", connection -> insertAll(connection, stored, offer));
    } catch (StoreException down) {
      return stored.stream().<CreateResult>map(n -> new CreateResult.Failed(down)).toList();
    } catch (RuntimeException refused) {
      // Some of them were refused, and the database does not say which: each alone, in order.
      var results = new ArrayList<CreateResult>(stored.size());
      int room = offer.room();
      CreateResult.Failed down = null;
      for (var n : stored) {
        if (down != null) {
          // The database went away meanwhile: none after it is stored before it is repeated.
          results.add(down);
          continue;
        }
        var result = createOne(n, new LeaseOffer(offer.clock(), offer.length(), room));
        if (result instanceof CreateResult.Failed failed
            && failed.error() instanceof StoreException) {
          down = failed;
        }
        if (result instanceof CreateResult.Done(CreateOutcome.Created(var created))
            && created.status() == NotificationStatus.DELIVERING) {
          room--;
        }
        results.add(result);
      }
      return results;
    }
  }

  /**
   * Creates one notification in its own transaction; a stored key returns the one stored under it.
   */
  private CreateResult createOne(Notification stored, LeaseOffer offer) {
    try {
      return jdbc.inTransaction(
              "create notification", connection -> insertAll(connection, List.of(stored), offer))
          .getFirst();
    } catch (DuplicateKey e) {
      // The same key was stored before us, or by a concurrent create that committed first.
      return existing(stored);
    } catch (RuntimeException e) {
      return new CreateResult.Failed(e);
    }
  }

  private CreateResult existing(Notification stored) {
    try {
      var existing =
          jdbc.withConnection(
              "find the notification of an idempotency key",
              connection ->
                  Jdbc.queryOne(
                      connection,
                      "SELECT "
                          + COLUMNS
                          + " FROM notification WHERE merchant_id = ? AND idempotency_key = ?",
                      statement ->
                          new Jdbc.Params(statement)
                              .string(stored.merchantId())
                              .string(stored.idempotencyKey()),
                      NotificationRows::read));
      return existing
          .<CreateResult>map(found -> new CreateResult.Done(new CreateOutcome.Existing(found)))
          .orElseGet(
              () ->
                  new CreateResult.Failed(
                      new ConflictException(
                          "notification id '" + stored.id() + "' is already taken")));
    } catch (RuntimeException e) {
      return new CreateResult.Failed(e);
    }
  }

  /**
   * Inserts the notifications in one statement batch. One whose merchant and key came earlier in
   * the list is not inserted but answered with that earlier one, as a create after it would be.
   *
   * @throws DuplicateKey if a key or id is already stored
   */
  private List<CreateResult> insertAll(
      Connection connection, List<Notification> stored, LeaseOffer offer) throws SQLException {
    var firstOfKey = new HashMap<List<String>, Integer>();
    var fresh = new ArrayList<Notification>(stored.size());
    var freshAt = new ArrayList<Integer>(stored.size());
    var sameAs = new HashMap<Integer, Integer>();
    for (int i = 0; i < stored.size(); i++) {
      var n = stored.get(i);
      var first =
          n.idempotencyKey() == null
              ? null
              : firstOfKey.putIfAbsent(List.of(n.merchantId(), n.idempotencyKey()), fresh.size());
      if (first != null) {
        sameAs.put(i, first);
      } else {
        freshAt.add(i);
        fresh.add(n);
      }
    }
    // Before the order check and the inserts: a concurrent create of one of these orders has either
    // committed, and is seen by the check and numbered before these, or waits for this one.
    OrderLocks.lock(connection, dialect, orders(fresh));
    var inserted = leased(connection, fresh, offer);
    try {
      if (inserted.size() == 1) {
        Jdbc.requireOne(
            Jdbc.update(
                connection, INSERT, statement -> bindInsert(statement, inserted.getFirst())),
            "insert a notification");
      } else {
        Jdbc.requireEachBetween(
            Jdbc.batch(connection, INSERT, inserted, JdbcDeliveryQueue::bindInsert),
            1,
            1,
            "insert notifications");
      }
    } catch (SQLException e) {
      var cause = firstCause(e);
      if (dialect.isUniqueViolation(cause)) {
        throw new DuplicateKey(cause);
      }
      throw cause;
    }
    new RollupDeltas().created(inserted).write(connection, dialect);
    PendingCount.add(
        connection,
        inserted.stream().filter(n -> n.status() == NotificationStatus.PENDING).count(),
        PendingCount.Writer.OTHER);
    var results = new CreateResult[stored.size()];
    for (int j = 0; j < inserted.size(); j++) {
      results[freshAt.get(j)] = new CreateResult.Done(new CreateOutcome.Created(inserted.get(j)));
    }
    sameAs.forEach(
        (i, first) ->
            results[i] = new CreateResult.Done(new CreateOutcome.Existing(inserted.get(first))));
    return List.of(results);
  }

  /**
   * The notifications as they are to be inserted: up to the offer's room of those due now that are
   * the first of their order with no PENDING or DELIVERING notification of that order stored,
   * leased from now (read with the connection in hand); the others as they came.
   */
  private List<Notification> leased(
      Connection connection, List<Notification> fresh, LeaseOffer offer) throws SQLException {
    if (offer.room() == 0) {
      return fresh;
    }
    var now = offer.now();
    var due = fresh.stream().filter(n -> isDueNew(n, now)).toList();
    if (due.isEmpty()) {
      return fresh;
    }
    var busy = new HashSet<List<String>>();
    rowsOfOrders(connection, due).stream()
        .filter(OrderRow::active)
        .forEach(row -> busy.add(row.order()));
    // Read after the order check, so the lease is not shortened by it either.
    var until = millis(offer.now().plus(offer.length()));
    int room = offer.room();
    var result = new ArrayList<Notification>(fresh.size());
    for (var n : fresh) {
      // Every new one is at least PENDING, so it makes its order busy for those after it.
      boolean firstOfOrder = busy.add(List.of(n.merchantId(), n.orderNo()));
      if (firstOfOrder && room > 0 && isDueNew(n, now)) {
        room--;
        result.add(n.toBuilder().status(NotificationStatus.DELIVERING).leaseUntil(until).build());
      } else {
        result.add(n);
      }
    }
    return result;
  }

  private static Set<List<String>> orders(List<Notification> notifications) {
    return notifications.stream()
        .map(n -> List.of(n.merchantId(), n.orderNo()))
        .collect(Collectors.toSet());
  }

  private static boolean isDueNew(Notification n, Instant now) {
    return n.status() == NotificationStatus.PENDING
        && n.attempts() == 0
        && n.nextAttemptAt() != null
        && !n.nextAttemptAt().isAfter(now);
  }

  /** The exception that says what went wrong: a batch's own, or the one a driver chained to it. */
  private static SQLException firstCause(SQLException e) {
    if (e instanceof BatchUpdateException && e.getNextException() != null) {
      return e.getNextException();
    }
    return e;
  }

  private static void bindInsert(PreparedStatement statement, Notification stored)
      throws SQLException {
    // In the order of INSERT's column list.
    new Jdbc.Params(statement)
        .string(stored.id())
        .string(stored.merchantId())
        .string(stored.channel().name())
        .string(stored.orderNo())
        .string(stored.transactionId())
        .string(stored.paymentStatus().name())
        .decimal(stored.amount())
        .decimal(stored.refundAmount())
        .string(stored.currency())
        .string(stored.notifyUrl())
        .string(NotificationRows.extraText(stored.extra()))
        .string(stored.retryPolicy())
        .string(stored.idempotencyKey())
        .string(stored.fingerprint())
        .string(stored.status().name())
        .integer(stored.attempts())
        .integer(stored.maxAttempts())
        .instant(stored.nextAttemptAt())
        .instant(stored.leaseUntil())
        .instant(
            dueAt(stored)) // due_at: a leased row is due again, to any node, when its lease lapses
        .integer(stored.lastHttpStatus())
        .string(stored.lastResponse())
        .string(stored.lastError())
        .instant(stored.createdAt())
        .instant(stored.updatedAt())
        .instant(stored.completedAt())
        .string(stored.abandonReason())
        .bigint(stored.version())
        .instant(stored.paidAt())
        .instant(stored.refundedAt())
        .string(NotificationRows.headersText(stored.headers()));
  }

  /**
   * Stores one notification inside a transaction another write owns (a payment's move), with its
   * creation counter, unless one with its merchant and idempotency key is stored: that one is
   * returned. Never leased: it is PENDING and due now, and the claim loop takes it in its order's
   * turn. 2 statements (a lookup of the key, then the insert and the counter's upsert).
   *
   * @throws ConflictException when the key is stored for a different request, or a concurrent
   *     create stored it first (the owner's transaction cannot go on; a retry finds it)
   */
  CreateOutcome createWithin(Connection connection, Notification notification) throws SQLException {
    var stored = normalized(notification);
    var existing =
        Jdbc.queryOne(
            connection,
            "SELECT "
                + COLUMNS
                + " FROM notification WHERE merchant_id = ? AND idempotency_key = ?",
            statement ->
                new Jdbc.Params(statement)
                    .string(stored.merchantId())
                    .string(stored.idempotencyKey()),
            NotificationRows::read);
    if (existing.isPresent()) {
      if (!existing.get().fingerprint().equals(stored.fingerprint())) {
        throw new ConflictException(
            "idempotency key '"
                + stored.idempotencyKey()
                + "' of merchant '"
                + stored.merchantId()
                + "' was used for a different notification ("
                + existing.get().id()
                + ")");
      }
      return new CreateOutcome.Existing(existing.get());
    }
    OrderLocks.lock(connection, dialect, orders(List.of(stored)));
    try {
      Jdbc.update(connection, INSERT, statement -> bindInsert(statement, stored));
    } catch (SQLException e) {
      if (dialect.isUniqueViolation(e)) {
        throw new ConflictException(
            "notification '"
                + stored.idempotencyKey()
                + "' of merchant '"
                + stored.merchantId()
                + "' was being created at the same time; try again");
      }
      throw e;
    }
    new RollupDeltas().created(List.of(stored)).write(connection, dialect);
    PendingCount.add(
        connection,
        stored.status() == NotificationStatus.PENDING ? 1 : 0,
        PendingCount.Writer.OTHER);
    return new CreateOutcome.Created(stored);
  }

  /** The notifications with these ids that are stored, oldest first. */
  List<Notification> findWithin(Connection connection, List<String> ids) throws SQLException {
    var found = new ArrayList<Notification>(ids.size());
    for (int from = 0; from < ids.size(); from += MAX_IN_LIST) {
      var chunk = ids.subList(from, Math.min(ids.size(), from + MAX_IN_LIST));
      found.addAll(
          Jdbc.query(
              connection,
              "SELECT " + COLUMNS + " FROM notification WHERE " + dialect.anyOf("id", chunk.size()),
              statement ->
                  dialect.bindAnyOf(new Jdbc.Params(statement), chunk), // id = ANY(?) or IN (...)
              NotificationRows::read));
    }
    found.sort(Comparator.comparing(Notification::createdAt).thenComparing(Notification::id));
    return found;
  }

  /**
   * A key or id already stored; the transaction it broke is rolled back before the key is looked
   * up.
   */
  private static final class DuplicateKey extends RuntimeException {
    DuplicateKey(SQLException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  @Override
  public Optional<Notification> find(String id) {
    return jdbc.withConnection(
        "find notification",
        connection ->
            Jdbc.queryOne(
                connection,
                "SELECT " + COLUMNS + " FROM notification WHERE id = ?",
                statement -> statement.setString(1, id),
                NotificationRows::read));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction of 3 statements, whatever the batch size: a {@code SELECT … FOR UPDATE SKIP
   * LOCKED} range scan of the {@code due_at} index, one {@code SELECT} of the waiting and in-flight
   * notifications of the candidates' orders, and one {@code UPDATE … WHERE id IN (…)}; plus a
   * batched {@code UPDATE} postponing the candidates whose order's earlier event has not ended.
   * Concurrent claimers skip each other's rows, so they get disjoint batches without waiting.
   */
  @Override
  public List<Notification> claimDue(Instant now, int limit, Instant leaseUntil) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
    return jdbc.inTransaction(
        "claim due notifications",
        dialect.claimIsolation(),
        connection -> claim(connection, limit, millis(now), millis(leaseUntil)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Now is read once the claim's connection is held; otherwise as {@link #claimDue(Instant, int,
   * Instant)}.
   */
  @Override
  public List<Notification> claimDue(int limit, InstantSource clock, Duration lease) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
    return jdbc.inTransaction(
        "claim due notifications",
        dialect.claimIsolation(),
        connection -> {
          var at = millis(clock.instant());
          return claim(connection, limit, at, millis(at.plus(lease)));
        });
  }

  private List<Notification> claim(Connection connection, int limit, Instant at, Instant until)
      throws SQLException {
    var candidates =
        Jdbc.query(
            connection,
            SELECT_DUE_FOR_UPDATE,
            statement ->
                new Jdbc.Params(statement)
                    .instant(at) // n.due_at <= now
                    .integer(limit), // LIMIT
            NotificationRows::read);
    if (candidates.isEmpty()) {
      return List.of();
    }
    var due = firstOfTheirOrders(connection, candidates, at);
    if (due.isEmpty()) {
      return List.of();
    }
    // The rows are held by this transaction's SELECT ... FOR UPDATE: each one is there to claim.
    Jdbc.requireBetween(
        Jdbc.update(
            connection,
            UPDATE_CLAIMED.formatted(dialect.anyOf("id", due.size())),
            statement -> {
              var p =
                  new Jdbc.Params(statement)
                      .instant(until) // lease_until
                      .instant(until) // due_at: a DELIVERING row is due again when its lease lapses
                      .instant(at); // updated_at
              dialect.bindAnyOf(
                  p, due.stream().map(Notification::id).toList()); // id = ANY(?) or IN (...)
            }),
        due.size(),
        due.size(),
        "claim due notifications");
    // A lapsed lease's DELIVERING row taken over was not PENDING.
    PendingCount.add(
        connection,
        -due.stream().filter(n -> n.status() == NotificationStatus.PENDING).count(),
        PendingCount.Writer.CLAIM);
    return due.stream()
        .map(
            n ->
                n.toBuilder()
                    .status(NotificationStatus.DELIVERING)
                    .leaseUntil(until)
                    .updatedAt(at)
                    .version(n.version() + 1)
                    .build())
        .toList();
  }

  /**
   * Keeps the candidates that are the first waiting or in-flight notification of their order, and
   * postpones the others to when their order's first is next due (within {@link #ORDER_RECHECK}).
   */
  private List<Notification> firstOfTheirOrders(
      Connection connection, List<Notification> candidates, Instant now) throws SQLException {
    var active = rowsOfOrders(connection, candidates).stream().filter(OrderRow::active).toList();
    var firstOfOrder = new HashMap<List<String>, OrderRow>();
    for (var row : active) {
      firstOfOrder.merge(row.order(), row, (a, b) -> a.seq() <= b.seq() ? a : b);
    }
    var claimable = new ArrayList<Notification>();
    var postponed = new ArrayList<Map.Entry<String, Instant>>();
    for (var n : candidates) {
      var first = firstOfOrder.get(List.of(n.merchantId(), n.orderNo()));
      if (first == null || first.id().equals(n.id())) {
        claimable.add(n);
      } else {
        postponed.add(Map.entry(n.id(), recheckAt(first.dueAt(), now)));
      }
    }
    if (!postponed.isEmpty()) {
      // Held by the claim's SELECT ... FOR UPDATE, like the claimed ones.
      Jdbc.requireEachBetween(
          Jdbc.batch(
              connection,
              POSTPONE,
              postponed,
              (statement, entry) ->
                  new Jdbc.Params(statement)
                      .instant(entry.getValue()) // due_at
                      .string(entry.getKey())),
          1,
          1,
          "postpone later events of an order"); // id
    }
    return claimable;
  }

  /** Makes the postponed later events of the ended notifications' orders due at their own time. */
  private void releasePostponed(Connection connection, List<Notification> ended)
      throws SQLException {
    if (ended.isEmpty()) {
      return;
    }
    var postponed = rowsOfOrders(connection, ended).stream().filter(OrderRow::postponed).toList();
    // 0: the row changed since it was read (claimed, retried), and is left alone.
    Jdbc.requireEachBetween(
        Jdbc.batch(
            connection,
            RELEASE_POSTPONED,
            postponed,
            (statement, row) -> new Jdbc.Params(statement).string(row.id())), // id
        0,
        1,
        "release postponed events");
  }

  /** Every notification of the given notifications' orders (same merchant and order number). */
  private List<OrderRow> rowsOfOrders(Connection connection, List<Notification> notifications)
      throws SQLException {
    var orders =
        notifications.stream()
            .map(n -> List.of(n.merchantId(), n.orderNo()))
            .collect(Collectors.toSet());
    var orderNumbers = notifications.stream().map(Notification::orderNo).distinct().toList();
    return Jdbc.query(
            connection,
            SELECT_OF_ORDERS.formatted(dialect.anyOf("order_no", orderNumbers.size())),
            statement ->
                dialect.bindAnyOf(
                    new Jdbc.Params(statement), orderNumbers), // order_no = ANY(?) or IN (...)
            JdbcDeliveryQueue::orderRow)
        .stream()
        .filter(row -> orders.contains(row.order()))
        .toList();
  }

  private static Instant recheckAt(@Nullable Instant firstDue, Instant now) {
    var earliest = now.plusSeconds(1);
    var latest = now.plus(ORDER_RECHECK);
    if (firstDue == null || firstDue.isAfter(latest)) {
      return latest;
    }
    return firstDue.isBefore(earliest) ? earliest : firstDue;
  }

  /** One notification of an order, as far as the per-order check needs it. */
  private record OrderRow(
      String id,
      List<String> order,
      long seq,
      @Nullable Instant dueAt,
      @Nullable Instant nextAttemptAt,
      NotificationStatus status) {

    boolean active() {
      return status == NotificationStatus.PENDING || status == NotificationStatus.DELIVERING;
    }

    /**
     * Pushed past its next attempt by a claim because an earlier event of its order had not ended.
     */
    boolean postponed() {
      return status == NotificationStatus.PENDING
          && dueAt != null
          && nextAttemptAt != null
          && dueAt.isAfter(nextAttemptAt);
    }
  }

  private static OrderRow orderRow(ResultSet row) throws SQLException {
    return new OrderRow(
        row.getString("id"),
        List.of(row.getString("merchant_id"), row.getString("order_no")),
        row.getLong("seq"),
        getInstant(row, "due_at"),
        getInstant(row, "next_attempt_at"),
        NotificationStatus.valueOf(row.getString("status")));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction of 4 statements: a batched version-checked {@code UPDATE} of every
   * transition, a batched {@code INSERT} of the attempts of those that were written, a batched
   * upsert of the statistics counters (one per minute, merchant and channel touched, in key order),
   * and one {@code SELECT} of the ended notifications' orders by order number; plus, only when a
   * claim had postponed a later event of one of those orders, a batched {@code UPDATE} making it
   * due, and when recording outcomes and one ended, a batched {@code INSERT} into the outbox. Rows
   * are updated in id order, so two overlapping batches cannot deadlock.
   */
  @Override
  public Set<String> apply(List<Transition> transitions) {
    if (transitions.isEmpty()) {
      return Set.of();
    }
    var ordered =
        transitions.stream().sorted(Comparator.comparing((Transition t) -> t.next().id())).toList();
    return jdbc.inTransaction(
        "apply transitions",
        connection -> {
          var from = new NotificationStatus[ordered.size()];
          for (int i = 0; i < ordered.size(); i++) {
            from[i] = assumedPrevious(ordered.get(i));
          }
          int[] counts = updateStates(connection, ordered, from);
          retryFromPending(connection, ordered, from, counts);
          var written = new LinkedHashSet<String>();
          var attempts = new ArrayList<Attempt>();
          var deltas = new RollupDeltas();
          long pending = 0;
          for (int i = 0; i < ordered.size(); i++) {
            if (counts[i] == 1) {
              var transition = ordered.get(i);
              written.add(transition.next().id());
              pending += pendingChange(from[i], transition.next().status());
              switch (transition) {
                case Transition.Attempted(var next, var attempt) -> {
                  attempts.add(attempt);
                  deltas.transition(null, normalized(next), attempt);
                }
                case Transition.Deferred(var next) ->
                    deltas.transition(null, normalized(next), null);
                case Transition.Changed(var previous, var next) ->
                    deltas.transition(normalized(previous), normalized(next), null);
              }
            }
          }
          Jdbc.requireEachBetween(
              Jdbc.batch(
                  connection,
                  INSERT_ATTEMPT,
                  attempts,
                  (statement, attempt) ->
                      new Jdbc.Params(statement)
                          .string(attempt.notificationId())
                          .integer(attempt.number())
                          .instant(attempt.startedAt())
                          .bigint(attempt.duration().toMillis())
                          .integer(attempt.httpStatus())
                          .string(Attempt.truncate(attempt.response()))
                          .string(attempt.errorKind() == null ? null : attempt.errorKind().name())
                          .string(truncate(attempt.error(), MAX_ERROR_CHARS))
                          .string(NotificationRows.headersText(attempt.requestHeaders()))),
              1,
              1,
              "insert attempts");
          var ended =
              ordered.stream()
                  .map(Transition::next)
                  .filter(n -> written.contains(n.id()) && n.status().ended())
                  .toList();
          deltas.write(connection, dialect);
          releasePostponed(connection, ended);
          if (recordOutcomes) {
            recordOutcomes(connection, ended);
          }
          PendingCount.add(connection, pending, PendingCount.Writer.OTHER);
          return Set.copyOf(written);
        });
  }

  /**
   * The status each transition is written from: its previous state's, or without one DELIVERING, as
   * a claimed notification's result is. The update checks it with the version, so the PENDING
   * counters ({@link PendingCount}) know what each written row was.
   */
  private static NotificationStatus assumedPrevious(Transition transition) {
    return transition instanceof Transition.Changed(var previous, var next)
        ? previous.status()
        : NotificationStatus.DELIVERING;
  }

  private int[] updateStates(
      Connection connection, List<Transition> transitions, NotificationStatus[] from)
      throws SQLException {
    var indexes = IntStream.range(0, transitions.size()).boxed().toList();
    // Each 1 (written) or 0 (stale: its version moved on, or it was not in the status assumed).
    return Jdbc.requireEachBetween(
        Jdbc.batch(
            connection,
            UPDATE_STATE,
            indexes,
            (statement, i) -> {
              var next = normalized(transitions.get(i).next());
              new Jdbc.Params(statement)
                  .string(next.status().name())
                  .integer(next.attempts())
                  .integer(next.maxAttempts())
                  .instant(next.nextAttemptAt())
                  .instant(next.leaseUntil())
                  .instant(dueAt(next)) // due_at
                  .integer(next.lastHttpStatus())
                  .string(next.lastResponse())
                  .string(next.lastError())
                  .instant(next.updatedAt())
                  .instant(next.completedAt())
                  .string(next.abandonReason())
                  .string(next.id()) // WHERE id = ?
                  .bigint(
                      next.version()) // AND version = ?: the version the transition was computed
                  // from
                  .string(
                      from[i].name()); // AND status = ?: what that version's status is taken to be
            }),
        0,
        1,
        "apply transitions");
  }

  /**
   * An attempted or deferred transition may also come from a PENDING one that was never claimed;
   * those the first update missed are tried again from PENDING. A claimed notification's result
   * never needs it, and a stale one (its version moved on) misses again.
   */
  private void retryFromPending(
      Connection connection, List<Transition> transitions, NotificationStatus[] from, int[] counts)
      throws SQLException {
    var missed = new ArrayList<Integer>();
    for (int i = 0; i < transitions.size(); i++) {
      if (counts[i] == 0 && !(transitions.get(i) instanceof Transition.Changed)) {
        missed.add(i);
      }
    }
    if (missed.isEmpty()) {
      return;
    }
    var again = missed.stream().map(transitions::get).toList();
    var fromPending = new NotificationStatus[again.size()];
    Arrays.fill(fromPending, NotificationStatus.PENDING);
    int[] retried = updateStates(connection, again, fromPending);
    for (int j = 0; j < retried.length; j++) {
      if (retried[j] == 1) {
        counts[missed.get(j)] = 1;
        from[missed.get(j)] = NotificationStatus.PENDING;
      }
    }
  }

  /** How a written transition changes the number of PENDING notifications: -1, 0 or 1. */
  private static int pendingChange(NotificationStatus before, NotificationStatus after) {
    return (after == NotificationStatus.PENDING ? 1 : 0)
        - (before == NotificationStatus.PENDING ? 1 : 0);
  }

  /** One batched insert into the outbox, in the transaction that ended them. */
  private static void recordOutcomes(Connection connection, List<Notification> ended)
      throws SQLException {
    Jdbc.requireEachBetween(
        Jdbc.batch(
            connection,
            JdbcOutcomeOutbox.INSERT,
            ended.stream().map(OutcomeEvent::of).toList(),
            (statement, event) ->
                new Jdbc.Params(statement)
                    .string(event.notificationId())
                    .string(event.merchantId())
                    .string(event.orderNo())
                    .string(event.paymentStatus())
                    .string(event.status())
                    .integer(event.attempts())
                    .integer(event.lastHttpStatus())
                    .string(truncate(event.abandonReason(), MAX_REASON_CHARS))
                    .instant(event.createdAt())
                    .instant(event.completedAt())),
        1,
        1,
        "record outcomes");
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction of 3 statements: a locking select of the oldest ended ids (skipping rows
   * another node holds), then deletes of their attempts and of them. The statistics counters are
   * left alone: {@link JdbcNotificationReports#stats} and {@link JdbcNotificationReports#series}
   * keep counting purged notifications.
   */
  @Override
  public int purgeEnded(Instant completedBefore, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
    return jdbc.inTransaction(
        "purge ended notifications",
        dialect.claimIsolation(),
        connection -> {
          var ids =
              Jdbc.query(
                  connection,
                  SELECT_ENDED_FOR_UPDATE,
                  statement ->
                      new Jdbc.Params(statement)
                          .instant(completedBefore) // completed_at < ?
                          .integer(limit), // LIMIT
                  row -> row.getString(1));
          int deleted = 0;
          for (int from = 0; from < ids.size(); from += MAX_IN_LIST) {
            var chunk = ids.subList(from, Math.min(ids.size(), from + MAX_IN_LIST));
            Jdbc.Binder bindIds = statement -> dialect.bindAnyOf(new Jdbc.Params(statement), chunk);
            Jdbc.update(
                connection,
                "DELETE FROM attempt WHERE " + dialect.anyOf("notification_id", chunk.size()),
                bindIds);
            // The rows are held by this transaction's SELECT ... FOR UPDATE: each one is there to
            // delete.
            deleted +=
                Jdbc.requireBetween(
                    Jdbc.update(
                        connection,
                        "DELETE FROM notification WHERE " + dialect.anyOf("id", chunk.size()),
                        bindIds),
                    chunk.size(),
                    chunk.size(),
                    "purge ended notifications");
          }
          return deleted;
        });
  }

  /** When the row is next due: its next attempt while PENDING, its lease's end while DELIVERING. */
  private static @Nullable Instant dueAt(Notification notification) {
    return switch (notification.status()) {
      case PENDING -> notification.nextAttemptAt();
      case DELIVERING -> notification.leaseUntil();
      case SUCCEEDED, FAILED, ABANDONED -> null;
    };
  }

  /**
   * The notification as it is stored: instants in milliseconds, long texts cut to their columns.
   */
  private static Notification normalized(Notification n) {
    return n.toBuilder()
        .nextAttemptAt(millisOrNull(n.nextAttemptAt()))
        .leaseUntil(millisOrNull(n.leaseUntil()))
        .lastResponse(Attempt.truncate(n.lastResponse()))
        .lastError(truncate(n.lastError(), MAX_ERROR_CHARS))
        .createdAt(millis(n.createdAt()))
        .updatedAt(millis(n.updatedAt()))
        .completedAt(millisOrNull(n.completedAt()))
        .abandonReason(truncate(n.abandonReason(), MAX_REASON_CHARS))
        .paidAt(millisOrNull(n.paidAt()))
        .refundedAt(millisOrNull(n.refundedAt()))
        .build();
  }
}
