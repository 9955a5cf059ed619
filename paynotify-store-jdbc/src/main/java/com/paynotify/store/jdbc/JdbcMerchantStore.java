package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.getInstant;
import static com.paynotify.store.jdbc.Jdbc.getRequiredInstant;

import com.paynotify.ConflictException;
import com.paynotify.NotFoundException;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantStatus;
import com.paynotify.merchant.MerchantStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The merchant store on H2, PostgreSQL or MySQL/MariaDB. Callback hosts are kept comma-separated
 * and webhook secrets in their {@code whsec_} form. Thread-safe.
 */
public final class JdbcMerchantStore implements MerchantStore {
  private static final String COLUMNS =
      """
      id, name, status, callback_hosts, webhook_secret, previous_secret, previous_secret_expires_at,
      created_at, updated_at""";

  private final Jdbc jdbc;
  private final Dialect dialect;

  /** A store on {@code dataSource}, whose dialect is detected now, using one connection. */
  public JdbcMerchantStore(DataSource dataSource) {
    this(dataSource, Dialect.of(dataSource));
  }

  public JdbcMerchantStore(DataSource dataSource, Dialect dialect) {
    this.jdbc = new Jdbc(dataSource);
    this.dialect = dialect;
  }

  @Override
  public void create(Merchant merchant) {
    jdbc.withConnection("create merchant", connection -> {
      try {
        return Jdbc.update(
            connection,
            "INSERT INTO merchant (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            statement -> new Jdbc.Params(statement)
                .string(merchant.id())
                .string(merchant.name())
                .string(merchant.status().name())
                .string(String.join(",", merchant.callbackHosts()))
                .string(merchant.webhookSecret().reveal())
                .string(merchant.previousSecret() == null ? null : merchant.previousSecret().reveal())
                .instant(merchant.previousSecretExpiresAt())
                .instant(merchant.createdAt())
                .instant(merchant.updatedAt()));
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
    int updated = jdbc.withConnection("update merchant", connection -> Jdbc.update(
        connection,
        """
        UPDATE merchant
        SET name = ?, status = ?, callback_hosts = ?, webhook_secret = ?, previous_secret = ?,
            previous_secret_expires_at = ?, updated_at = ?
        WHERE id = ?""",
        statement -> new Jdbc.Params(statement)
            .string(merchant.name())
            .string(merchant.status().name())
            .string(String.join(",", merchant.callbackHosts()))
            .string(merchant.webhookSecret().reveal())
            .string(merchant.previousSecret() == null ? null : merchant.previousSecret().reveal())
            .instant(merchant.previousSecretExpiresAt())
            .instant(merchant.updatedAt())
            .string(merchant.id())));
    if (updated == 0) {
      throw new NotFoundException("merchant", merchant.id());
    }
  }

  @Override
  public Optional<Merchant> find(String id) {
    return jdbc.withConnection("find merchant", connection -> Jdbc.queryOne(
        connection,
        "SELECT " + COLUMNS + " FROM merchant WHERE id = ?",
        statement -> statement.setString(1, id),
        JdbcMerchantStore::read));
  }

  /** Every merchant, by id. */
  @Override
  public List<Merchant> findAll() {
    return jdbc.withConnection("list merchants", connection -> Jdbc.query(
        connection, "SELECT " + COLUMNS + " FROM merchant ORDER BY id", statement -> {}, JdbcMerchantStore::read));
  }

  private static Merchant read(ResultSet row) throws SQLException {
    var hosts = row.getString("callback_hosts");
    var previousSecret = row.getString("previous_secret");
    return new Merchant(
        row.getString("id"),
        row.getString("name"),
        MerchantStatus.valueOf(row.getString("status")),
        hosts.isEmpty() ? List.of() : Arrays.asList(hosts.split(",")),
        WebhookSecret.parse(row.getString("webhook_secret")),
        previousSecret == null ? null : WebhookSecret.parse(previousSecret),
        getInstant(row, "previous_secret_expires_at"),
        getRequiredInstant(row, "created_at"),
        getRequiredInstant(row, "updated_at"));
  }
}
