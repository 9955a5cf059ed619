package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.getInstant;
import static com.paynotify.store.jdbc.Jdbc.getRequiredInstant;

import com.paynotify.ConflictException;
import com.paynotify.NotFoundException;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.merchant.AckRule;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantStatus;
import com.paynotify.merchant.MerchantStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The merchant store on H2, PostgreSQL or MySQL/MariaDB. Callback hosts are kept comma-separated;
 * webhook secrets and the default headers (one JSON object) are sealed with the {@link MasterKey}.
 * Rows written before encryption at rest hold them in plaintext ({@code whsec_...}): they are read
 * as they are, and {@link #sealPlaintextSecrets()} encrypts them in place. Thread-safe.
 */
public final class JdbcMerchantStore implements MerchantStore {
  private static final String COLUMNS =
      """
      id, name, status, callback_hosts, webhook_secret, previous_secret, previous_secret_expires_at,
      created_at, updated_at, default_headers, ack_rule, ack_field, ack_value""";

  static final String CURRENT = "webhook_secret";
  static final String PREVIOUS = "previous_secret";

  /**
   * The default headers, one JSON object sealed as a whole: their values are the merchant's
   * secrets.
   */
  static final String HEADERS = "default_headers";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, String>> HEADER_MAP =
      new TypeReference<>() {};

  /** {@code enc1:} and {@code enc2:}: the sealed forms, of either format. */
  static final String SEALED_PATTERN = "enc_:%";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final MasterKey masterKey;

  /** A store on {@code dataSource}, whose dialect is detected now, using one connection. */
  public JdbcMerchantStore(DataSource dataSource, MasterKey masterKey) {
    this(dataSource, Dialect.of(dataSource), masterKey);
  }

  public JdbcMerchantStore(DataSource dataSource, Dialect dialect, MasterKey masterKey) {
    this.jdbc = new Jdbc(dataSource);
    this.dialect = dialect;
    this.masterKey = masterKey;
  }

  @Override
  public void create(Merchant merchant) {
    jdbc.withConnection(
        "create merchant",
        connection -> {
          try {
            return Jdbc.requireOne(
                Jdbc.update(
                    connection,
                    "INSERT INTO merchant ("
                        + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    statement ->
                        new Jdbc.Params(statement)
                            .string(merchant.id())
                            .string(merchant.name())
                            .string(merchant.status().name())
                            .string(String.join(",", merchant.callbackHosts()))
                            .string(seal(merchant.id(), CURRENT, merchant.webhookSecret()))
                            .string(seal(merchant.id(), PREVIOUS, merchant.previousSecret()))
                            .instant(merchant.previousSecretExpiresAt())
                            .instant(merchant.createdAt())
                            .instant(merchant.updatedAt())
                            .string(sealHeaders(merchant))
                            .string(ackKind(merchant.ackRule()))
                            .string(ackField(merchant.ackRule()))
                            .string(ackValue(merchant.ackRule()))),
                "insert merchant " + merchant.id());
          } catch (SQLException e) {
            if (dialect.isUniqueViolation(e)) {
              throw new ConflictException("merchant '" + merchant.id() + "' already exists");
            }
            throw e;
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * @throws NotFoundException if no merchant has this id
   */
  @Override
  public void update(Merchant merchant) {
    int updated =
        jdbc.withConnection(
            "update merchant",
            connection ->
                Jdbc.requireAtMostOne(
                    Jdbc.update(
                        connection,
                        """
        UPDATE merchant
        SET name = ?, status = ?, callback_hosts = ?, webhook_secret = ?, previous_secret = ?,
            previous_secret_expires_at = ?, updated_at = ?, default_headers = ?, ack_rule = ?, ack_field = ?, ack_value = ?
        WHERE id = ?""",
                        statement ->
                            new Jdbc.Params(statement)
                                .string(merchant.name())
                                .string(merchant.status().name())
                                .string(String.join(",", merchant.callbackHosts()))
                                .string(seal(merchant.id(), CURRENT, merchant.webhookSecret()))
                                .string(seal(merchant.id(), PREVIOUS, merchant.previousSecret()))
                                .instant(merchant.previousSecretExpiresAt())
                                .instant(merchant.updatedAt())
                                .string(sealHeaders(merchant))
                                .string(ackKind(merchant.ackRule()))
                                .string(ackField(merchant.ackRule()))
                                .string(ackValue(merchant.ackRule()))
                                .string(merchant.id())),
                    "update merchant " + merchant.id()));
    if (updated == 0) {
      throw new NotFoundException("merchant", merchant.id());
    }
  }

  @Override
  public Optional<Merchant> find(String id) {
    return jdbc.withConnection(
        "find merchant",
        connection ->
            Jdbc.queryOne(
                connection,
                "SELECT " + COLUMNS + " FROM merchant WHERE id = ?",
                statement -> statement.setString(1, id),
                this::read));
  }

  /** Every merchant, by id. */
  @Override
  public List<Merchant> findAll() {
    return jdbc.withConnection(
        "list merchants",
        connection ->
            Jdbc.query(
                connection,
                "SELECT " + COLUMNS + " FROM merchant ORDER BY id",
                statement -> {},
                this::read));
  }

  /** One statement, on the primary key: a page costs the same however far into the list it is. */
  @Override
  public List<Merchant> findPage(@Nullable String afterId, int limit) {
    return jdbc.withConnection(
        "list merchants",
        connection ->
            Jdbc.query(
                connection,
                "SELECT " + COLUMNS + " FROM merchant WHERE id > ? ORDER BY id LIMIT ?",
                statement ->
                    new Jdbc.Params(statement)
                        .string(afterId == null ? "" : afterId) // id >: every id sorts after ""
                        .integer(limit), // LIMIT
                this::read));
  }

  /**
   * Encrypts the webhook secrets still stored in plaintext, as rows written before encryption at
   * rest hold them. Safe to run on every start and on several nodes at once.
   *
   * @return how many merchants were changed
   */
  public int sealPlaintextSecrets() {
    return jdbc.inTransaction(
        "seal plaintext webhook secrets",
        connection -> {
          var plain =
              Jdbc.query(
                  connection,
                  "SELECT id, webhook_secret, previous_secret FROM merchant WHERE webhook_secret NOT LIKE ? OR previous_secret NOT LIKE ?",
                  statement ->
                      new Jdbc.Params(statement).string(SEALED_PATTERN).string(SEALED_PATTERN),
                  row ->
                      new String[] {
                        row.getString("id"),
                        row.getString("webhook_secret"),
                        row.getString("previous_secret")
                      });
          int changed = 0;
          for (var columns : plain) {
            var id = columns[0];
            // 0: another node sealed it first.
            changed +=
                Jdbc.requireAtMostOne(
                    Jdbc.update(
                        connection,
                        "UPDATE merchant SET webhook_secret = ?, previous_secret = ? WHERE id = ? AND webhook_secret = ?",
                        statement ->
                            new Jdbc.Params(statement)
                                .string(seal(id, CURRENT, secret(id, CURRENT, columns[1])))
                                .string(
                                    seal(
                                        id,
                                        PREVIOUS,
                                        columns[2] == null
                                            ? null
                                            : secret(id, PREVIOUS, columns[2])))
                                .string(id)
                                .string(columns[1])),
                    "seal webhook secrets of " + id);
          }
          return changed;
        });
  }

  private @Nullable String seal(String merchantId, String column, @Nullable WebhookSecret secret) {
    return secret == null ? null : masterKey.seal(secret.reveal(), context(merchantId, column));
  }

  private WebhookSecret secret(String merchantId, String column, String stored) {
    return WebhookSecret.parse(
        MasterKey.isSealed(stored) ? masterKey.open(stored, context(merchantId, column)) : stored);
  }

  /** NULL for none, as most merchants have. */
  private @Nullable String sealHeaders(Merchant merchant) {
    return merchant.defaultHeaders().isEmpty()
        ? null
        : masterKey.seal(
            JSON.writeValueAsString(merchant.defaultHeaders()), context(merchant.id(), HEADERS));
  }

  private Map<String, String> headers(String merchantId, @Nullable String stored) {
    return stored == null
        ? Map.of()
        : JSON.readValue(masterKey.open(stored, context(merchantId, HEADERS)), HEADER_MAP);
  }

  static String context(String merchantId, String column) {
    return "merchant/" + merchantId + "/" + column;
  }

  private Merchant read(ResultSet row) throws SQLException {
    var id = row.getString("id");
    var hosts = row.getString("callback_hosts");
    var previousSecret = row.getString("previous_secret");
    return new Merchant(
        id,
        row.getString("name"),
        MerchantStatus.valueOf(row.getString("status")),
        hosts.isEmpty() ? List.of() : Arrays.asList(hosts.split(",")),
        secret(id, CURRENT, row.getString("webhook_secret")),
        previousSecret == null ? null : secret(id, PREVIOUS, previousSecret),
        getInstant(row, "previous_secret_expires_at"),
        getRequiredInstant(row, "created_at"),
        getRequiredInstant(row, "updated_at"),
        headers(id, row.getString(HEADERS)),
        ackRule(row.getString("ack_rule"), row.getString("ack_field"), row.getString("ack_value")));
  }

  private static String ackKind(AckRule rule) {
    return switch (rule) {
      case AckRule.AnyTwoXx any -> "ANY_2XX";
      case AckRule.BodyEquals body -> "BODY_EQUALS";
      case AckRule.JsonField json -> "JSON_FIELD";
    };
  }

  private static @Nullable String ackField(AckRule rule) {
    return rule instanceof AckRule.JsonField json ? json.field() : null;
  }

  private static @Nullable String ackValue(AckRule rule) {
    return switch (rule) {
      case AckRule.AnyTwoXx any -> null;
      case AckRule.BodyEquals body -> body.text();
      case AckRule.JsonField json -> json.value();
    };
  }

  private static AckRule ackRule(String kind, @Nullable String field, @Nullable String value) {
    return switch (kind) {
      case "ANY_2XX" -> AckRule.DEFAULT;
      case "BODY_EQUALS" -> new AckRule.BodyEquals(Objects.requireNonNull(value, "ack_value"));
      case "JSON_FIELD" ->
          new AckRule.JsonField(
              Objects.requireNonNull(field, "ack_field"),
              Objects.requireNonNull(value, "ack_value"));
      default -> throw new IllegalStateException("merchant.ack_rule holds an unknown rule " + kind);
    };
  }
}
