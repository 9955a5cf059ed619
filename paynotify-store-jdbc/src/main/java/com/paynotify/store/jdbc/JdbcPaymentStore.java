package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.getInstant;
import static com.paynotify.store.jdbc.Jdbc.getRequiredInstant;
import static com.paynotify.store.jdbc.Jdbc.millis;
import static com.paynotify.store.jdbc.Jdbc.millisOrNull;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.Notification;
import com.paynotify.payment.Payment;
import com.paynotify.payment.PaymentStore;
import com.paynotify.payment.StatusChange;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payment store on H2, PostgreSQL or MySQL/MariaDB. A payment's recording and each of its moves
 * is one transaction, separate from the group commit of plain notification creates: the
 * version-checked update of the payment row (or its insert), the append of its history entry and,
 * for a notified status, the insert of its notification as {@link JdbcDeliveryQueue} would create
 * it (so its statistics counters and per-order turn are those of any notification).
 */
public final class JdbcPaymentStore implements PaymentStore {
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> JSON_HEADERS = new TypeReference<>() {};

  private static final String COLUMNS =
      """
      merchant_id, payment_id, order_no, transaction_id, channel, amount, refunded, refunding, currency,
      notify_url, status, paid_at, refunded_at, extra, headers, retry_policy, created_at, updated_at, version""";

  private static final String INSERT =
      "INSERT INTO payment ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPDATE =
      """
      UPDATE payment
      SET transaction_id = ?, status = ?, refunded = ?, refunding = ?, paid_at = ?, refunded_at = ?,
          updated_at = ?, version = ?
      WHERE merchant_id = ? AND payment_id = ? AND version = ?""";

  private static final String CHANGE_COLUMNS =
      """
      merchant_id, payment_id, number, from_status, to_status, refund_amount, reason, notification_id, refusal,
      changed_at, idempotency_key, fingerprint""";

  private static final String INSERT_CHANGE =
      "INSERT INTO payment_change ("
          + CHANGE_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Payments last moved before the cutoff none of whose notifications is still stored. Ended
   * notifications are purged first under the same retention; what is left is waiting, in flight,
   * FAILED or recent, and keeps its payment.
   */
  private static final String SELECT_ENDED_FOR_UPDATE =
      """
      SELECT p.seq, p.merchant_id, p.payment_id FROM payment p
      WHERE p.updated_at < ?
        AND NOT EXISTS (
          SELECT 1 FROM payment_change c JOIN notification n ON n.id = c.notification_id
          WHERE c.payment_id = p.payment_id AND c.merchant_id = p.merchant_id)
      ORDER BY p.updated_at
      LIMIT ?
      FOR UPDATE SKIP LOCKED""";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final JdbcDeliveryQueue notifications;

  /** A store on {@code dataSource}, whose dialect is detected now, using one connection. */
  public JdbcPaymentStore(DataSource dataSource) {
    this(dataSource, Dialect.of(dataSource));
  }

  public JdbcPaymentStore(DataSource dataSource, Dialect dialect) {
    this.jdbc = new Jdbc(dataSource);
    this.dialect = dialect;
    this.notifications = new JdbcDeliveryQueue(dataSource, dialect);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: the insert of the payment (a taken id rolls it back, and 1 more statement
   * reads the stored payment), the notification's lookup and insert when given, the history entry.
   */
  @Override
  public Write create(Payment payment, StatusChange recorded, @Nullable Notification notification) {
    var stored = normalized(payment);
    try {
      return jdbc.inTransaction(
          "record payment",
          connection -> {
            try {
              Jdbc.update(
                  connection,
                  INSERT,
                  statement ->
                      new Jdbc.Params(statement)
                          .string(stored.merchantId())
                          .string(stored.paymentId())
                          .string(stored.orderNo())
                          .string(stored.transactionId())
                          .string(stored.channel().name())
                          .decimal(stored.amount())
                          .decimal(stored.refunded())
                          .decimal(stored.refunding())
                          .string(stored.currency())
                          .string(stored.notifyUrl())
                          .string(stored.status().name())
                          .instant(stored.paidAt())
                          .instant(stored.refundedAt())
                          .string(JSON.writeValueAsString(stored.extra()))
                          .string(JSON.writeValueAsString(stored.headers()))
                          .string(stored.retryPolicy())
                          .instant(stored.createdAt())
                          .instant(stored.updatedAt())
                          .bigint(stored.version()));
            } catch (SQLException e) {
              if (dialect.isUniqueViolation(e)) {
                throw new IdTaken(e);
              }
              throw e;
            }
            return written(connection, stored, recorded, notification);
          });
    } catch (IdTaken e) {
      return find(payment.merchantId(), payment.paymentId())
          .<Write>map(Taken::new)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "payment '" + payment.paymentId() + "' was taken and is gone"));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: the version-checked update of the payment row (0 rows: stale, rolled back),
   * the notification's lookup and insert when given, the history entry (its idempotency key taken
   * by another entry of the payment: stale, rolled back).
   */
  @Override
  public Write move(
      Payment current, Payment next, StatusChange change, @Nullable Notification notification) {
    try {
      return moveOnce(current, next, change, notification);
    } catch (KeyTaken e) {
      return new Stale();
    }
  }

  private Write moveOnce(
      Payment current, Payment next, StatusChange change, @Nullable Notification notification) {
    var stored = normalized(next);
    return jdbc.inTransaction(
        "move payment",
        connection -> {
          int updated =
              Jdbc.update(
                  connection,
                  UPDATE,
                  statement ->
                      new Jdbc.Params(statement)
                          .string(stored.transactionId())
                          .string(stored.status().name())
                          .decimal(stored.refunded())
                          .decimal(stored.refunding())
                          .instant(stored.paidAt())
                          .instant(stored.refundedAt())
                          .instant(stored.updatedAt())
                          .bigint(stored.version())
                          .string(current.merchantId()) // WHERE merchant_id = ?
                          .string(current.paymentId()) // AND payment_id = ?
                          .bigint(
                              current
                                  .version())); // AND version = ?: the version the move was decided
          // from
          if (updated == 0) {
            return new Stale();
          }
          if (updated != 1) {
            throw new IllegalStateException(
                "a payment move updated "
                    + updated
                    + " rows of payment '"
                    + current.paymentId()
                    + "'");
          }
          return written(connection, stored, change, notification);
        });
  }

  /**
   * The notification stored (or found) and the history entry that links it, in the caller's
   * transaction.
   */
  private Write written(
      Connection connection,
      Payment payment,
      StatusChange change,
      @Nullable Notification notification)
      throws SQLException {
    CreateOutcome outcome =
        notification == null ? null : notifications.createWithin(connection, notification);
    var entry =
        outcome == null
            ? change
            : change.withNotification(outcome.notification().id(), change.refusal());
    var at = millis(entry.at());
    try {
      Jdbc.update(
          connection,
          INSERT_CHANGE,
          statement ->
              new Jdbc.Params(statement)
                  .string(entry.merchantId())
                  .string(entry.paymentId())
                  .bigint(entry.number())
                  .string(entry.from() == null ? null : entry.from().name())
                  .string(entry.to().name())
                  .decimal(entry.refundAmount())
                  .string(Jdbc.truncate(entry.reason(), 500))
                  .string(entry.notificationId())
                  .string(Jdbc.truncate(entry.refusal(), 1000))
                  .instant(at)
                  .string(entry.idempotencyKey())
                  .string(entry.fingerprint()));
    } catch (SQLException e) {
      // The entry's number is the version just checked, so only its key can be taken: by the same
      // move of another node, committed first.
      if (entry.idempotencyKey() != null && dialect.isUniqueViolation(e)) {
        throw new KeyTaken(e);
      }
      throw e;
    }
    var storedEntry =
        new StatusChange(
            entry.merchantId(),
            entry.paymentId(),
            entry.number(),
            entry.from(),
            entry.to(),
            entry.refundAmount(),
            Jdbc.truncate(entry.reason(), 500),
            entry.notificationId(),
            Jdbc.truncate(entry.refusal(), 1000),
            at,
            entry.idempotencyKey(),
            entry.fingerprint());
    return new Written(payment, storedEntry, outcome);
  }

  @Override
  public Optional<Payment> find(String merchantId, String paymentId) {
    return jdbc.withConnection(
        "find payment",
        connection ->
            Jdbc.queryOne(
                connection,
                "SELECT " + COLUMNS + " FROM payment WHERE merchant_id = ? AND payment_id = ?",
                statement -> new Jdbc.Params(statement).string(merchantId).string(paymentId),
                JdbcPaymentStore::read));
  }

  @Override
  public List<StatusChange> history(String merchantId, String paymentId) {
    return jdbc.withConnection(
        "read payment history", connection -> changes(connection, merchantId, paymentId));
  }

  @Override
  public List<Notification> notifications(String merchantId, String paymentId) {
    return jdbc.withConnection(
        "read payment notifications",
        connection ->
            notifications.findWithin(
                connection,
                changes(connection, merchantId, paymentId).stream()
                    .map(StatusChange::notificationId)
                    .filter(id -> id != null)
                    .distinct()
                    .toList()));
  }

  private static List<StatusChange> changes(
      Connection connection, String merchantId, String paymentId) throws SQLException {
    return Jdbc.query(
        connection,
        "SELECT "
            + CHANGE_COLUMNS
            + " FROM payment_change WHERE merchant_id = ? AND payment_id = ? ORDER BY number",
        statement -> new Jdbc.Params(statement).string(merchantId).string(paymentId),
        JdbcPaymentStore::readChange);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction of 3 statements: a locking select of the oldest payments with no
   * notification left (skipping rows another node holds), then deletes of their history and of
   * them, by merchant and id.
   */
  @Override
  public int purgeEnded(Instant movedBefore, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " must be at least 1");
    }
    return jdbc.inTransaction(
        "purge payments",
        dialect.claimIsolation(),
        connection -> {
          var ended =
              Jdbc.query(
                  connection,
                  SELECT_ENDED_FOR_UPDATE,
                  statement -> new Jdbc.Params(statement).instant(movedBefore).integer(limit),
                  row -> List.of(row.getString("merchant_id"), row.getString("payment_id")));
          Jdbc.batch(
              connection,
              "DELETE FROM payment_change WHERE merchant_id = ? AND payment_id = ?",
              ended,
              (statement, key) -> new Jdbc.Params(statement).string(key.get(0)).string(key.get(1)));
          int[] deleted =
              Jdbc.batch(
                  connection,
                  "DELETE FROM payment WHERE merchant_id = ? AND payment_id = ?",
                  ended,
                  (statement, key) ->
                      new Jdbc.Params(statement).string(key.get(0)).string(key.get(1)));
          return ended.isEmpty() ? 0 : Jdbc.requireCounts(deleted).length;
        });
  }

  /** The payment as it is stored: instants in milliseconds. */
  private static Payment normalized(Payment p) {
    return new Payment(
        p.paymentId(),
        p.merchantId(),
        p.orderNo(),
        p.transactionId(),
        p.channel(),
        p.amount(),
        p.currency(),
        p.notifyUrl(),
        p.status(),
        p.refunded(),
        p.refunding(),
        millisOrNull(p.paidAt()),
        millisOrNull(p.refundedAt()),
        p.extra(),
        p.headers(),
        p.retryPolicy(),
        millis(p.createdAt()),
        millis(p.updatedAt()),
        p.version());
  }

  private static Payment read(ResultSet row) throws SQLException {
    var currency = row.getString("currency");
    return new Payment(
        row.getString("payment_id"),
        row.getString("merchant_id"),
        row.getString("order_no"),
        row.getString("transaction_id"),
        Channel.valueOf(row.getString("channel")),
        inCurrencyScale(row.getBigDecimal("amount"), currency),
        currency,
        row.getString("notify_url"),
        PaymentStatus.valueOf(row.getString("status")),
        inCurrencyScale(row.getBigDecimal("refunded"), currency),
        row.getBigDecimal("refunding") == null
            ? null
            : inCurrencyScale(row.getBigDecimal("refunding"), currency),
        getInstant(row, "paid_at"),
        getInstant(row, "refunded_at"),
        JSON.readValue(row.getString("extra"), JSON_OBJECT),
        JSON.readValue(row.getString("headers"), JSON_HEADERS),
        row.getString("retry_policy"),
        getRequiredInstant(row, "created_at"),
        getRequiredInstant(row, "updated_at"),
        row.getLong("version"));
  }

  private static StatusChange readChange(ResultSet row) throws SQLException {
    var from = row.getString("from_status");
    var refund = row.getBigDecimal("refund_amount");
    return new StatusChange(
        row.getString("merchant_id"),
        row.getString("payment_id"),
        row.getLong("number"),
        from == null ? null : PaymentStatus.valueOf(from),
        PaymentStatus.valueOf(row.getString("to_status")),
        refund == null
            ? null
            : refund
                .stripTrailingZeros()
                .setScale(Math.max(0, refund.stripTrailingZeros().scale())),
        row.getString("reason"),
        row.getString("notification_id"),
        row.getString("refusal"),
        getRequiredInstant(row, "changed_at"),
        row.getString("idempotency_key"),
        row.getString("fingerprint"));
  }

  /**
   * The amount with the currency's usual decimals (100.00 CNY), whatever scale the column gave it.
   */
  private static BigDecimal inCurrencyScale(BigDecimal amount, String currency) {
    int digits;
    try {
      digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
    } catch (IllegalArgumentException e) {
      return amount;
    }
    return digits >= 0 && amount.stripTrailingZeros().scale() <= digits
        ? amount.setScale(digits)
        : amount;
  }

  /**
   * The move's idempotency key is held by another entry of the payment: thrown out of the
   * transaction so it is rolled back, then answered as stale.
   */
  private static final class KeyTaken extends RuntimeException {
    KeyTaken(SQLException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /**
   * The payment id is taken: thrown out of the transaction so it is rolled back before the stored
   * one is read.
   */
  private static final class IdTaken extends RuntimeException {
    IdTaken(SQLException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
