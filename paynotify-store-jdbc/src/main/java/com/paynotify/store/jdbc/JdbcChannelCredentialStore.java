package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.getRequiredInstant;

import com.paynotify.NotFoundException;
import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelCredentials;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.WebhookCredentials;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.channel.WechatV3Credentials;
import com.paynotify.merchant.ChannelCredentialStore;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.MerchantChannel;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Channel credentials in the {@code merchant_credential} table, one row per merchant and channel.
 * Private keys (PKCS#8) and shared keys (APIv3 and v2 keys) are sealed with the {@link MasterKey},
 * bound to their merchant, channel and column. Thread-safe.
 */
public final class JdbcChannelCredentialStore implements ChannelCredentialStore {
  private static final String COLUMNS =
      "merchant_id, channel, app_id, mch_id, sign_type, public_key_id, private_key, shared_key, created_at, updated_at";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final MasterKey masterKey;

  /** A store on {@code dataSource}, whose dialect is detected now, using one connection. */
  public JdbcChannelCredentialStore(DataSource dataSource, MasterKey masterKey) {
    this.jdbc = new Jdbc(dataSource);
    this.dialect = Dialect.of(dataSource);
    this.masterKey = masterKey;
  }

  @Override
  public void save(MerchantChannel stored) {
    var row = Row.of(stored, masterKey);
    // Auto-commit, statement by statement: a lost insert race must not abort the transaction the
    // replacing update runs in, as it would on PostgreSQL.
    jdbc.withConnection(
        "save channel credentials",
        connection -> {
          if (update(connection, row) == 1) {
            return null;
          }
          if (Jdbc.queryOne(
                  connection,
                  "SELECT id FROM merchant WHERE id = ?",
                  statement -> statement.setString(1, row.merchantId()),
                  r -> r.getString(1))
              .isEmpty()) {
            throw new NotFoundException("merchant", row.merchantId());
          }
          try {
            insert(connection, row);
          } catch (SQLException e) {
            // Another node inserted the same merchant and channel first: this write replaces it.
            if (!dialect.isUniqueViolation(e)) {
              throw e;
            }
            // Credentials are never deleted, so the row that refused the insert is there to update.
            Jdbc.requireOne(
                update(connection, row), "replace channel credentials of " + row.merchantId());
          }
          return null;
        });
  }

  @Override
  public Optional<MerchantChannel> find(String merchantId, Channel channel) {
    return jdbc.withConnection(
        "find channel credentials",
        connection ->
            Jdbc.queryOne(
                connection,
                "SELECT "
                    + COLUMNS
                    + " FROM merchant_credential WHERE merchant_id = ? AND channel = ?",
                statement -> new Jdbc.Params(statement).string(merchantId).string(channel.name()),
                this::read));
  }

  @Override
  public List<MerchantChannel> findAll(String merchantId) {
    return jdbc
        .withConnection(
            "list channel credentials",
            connection ->
                Jdbc.query(
                    connection,
                    "SELECT " + COLUMNS + " FROM merchant_credential WHERE merchant_id = ?",
                    statement -> statement.setString(1, merchantId),
                    this::read))
        .stream()
        .sorted(Comparator.comparing(MerchantChannel::channel))
        .toList();
  }

  /** 1 when the merchant's channel had credentials to replace, 0 when it had none. */
  private static int update(Connection connection, Row row) throws SQLException {
    return Jdbc.requireAtMostOne(
        Jdbc.update(
            connection,
            """
        UPDATE merchant_credential
        SET app_id = ?, mch_id = ?, sign_type = ?, public_key_id = ?, private_key = ?, shared_key = ?,
            updated_at = ?
        WHERE merchant_id = ? AND channel = ?""",
            statement ->
                new Jdbc.Params(statement)
                    .string(row.appId())
                    .string(row.mchId())
                    .string(row.signType())
                    .string(row.publicKeyId())
                    .string(row.privateKey())
                    .string(row.sharedKey())
                    .instant(row.source().updatedAt())
                    .string(row.merchantId())
                    .string(row.channel().name())),
        "update channel credentials of " + row.merchantId());
  }

  private static void insert(Connection connection, Row row) throws SQLException {
    Jdbc.requireOne(
        Jdbc.update(
            connection,
            "INSERT INTO merchant_credential ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            statement ->
                new Jdbc.Params(statement)
                    .string(row.merchantId())
                    .string(row.channel().name())
                    .string(row.appId())
                    .string(row.mchId())
                    .string(row.signType())
                    .string(row.publicKeyId())
                    .string(row.privateKey())
                    .string(row.sharedKey())
                    .instant(row.source().createdAt())
                    .instant(row.source().updatedAt())),
        "insert channel credentials of " + row.merchantId());
  }

  private MerchantChannel read(ResultSet row) throws SQLException {
    var merchantId = row.getString("merchant_id");
    var channel = Channel.valueOf(row.getString("channel"));
    var appId = row.getString("app_id");
    ChannelCredentials credentials =
        switch (channel) {
          case ALIPAY ->
              new AlipayCredentials(
                  appId,
                  RsaKeys.parsePrivateKey(
                      open(merchantId, channel, "private_key", row.getString("private_key"))),
                  AlipayCredentials.SignType.valueOf(row.getString("sign_type")));
          case WECHAT_V3 ->
              new WechatV3Credentials(
                  row.getString("mch_id"),
                  appId,
                  RsaKeys.parsePrivateKey(
                      open(merchantId, channel, "private_key", row.getString("private_key"))),
                  row.getString("public_key_id"),
                  open(merchantId, channel, "shared_key", row.getString("shared_key")));
          case WECHAT_V2 ->
              new WechatV2Credentials(
                  appId,
                  row.getString("mch_id"),
                  open(merchantId, channel, "shared_key", row.getString("shared_key")),
                  WechatV2Credentials.SignType.valueOf(row.getString("sign_type")));
          case WEBHOOK ->
              throw new IllegalStateException(
                  "a WEBHOOK row in merchant_credential for " + merchantId);
        };
    return new MerchantChannel(
        merchantId,
        credentials,
        getRequiredInstant(row, "created_at"),
        getRequiredInstant(row, "updated_at"));
  }

  private String open(String merchantId, Channel channel, String column, @Nullable String sealed) {
    if (sealed == null) {
      throw new IllegalStateException(
          "merchant_credential of " + merchantId + "/" + channel + " has no " + column);
    }
    return masterKey.open(sealed, context(merchantId, channel, column));
  }

  static String context(String merchantId, Channel channel, String column) {
    return "merchant_credential/" + merchantId + "/" + channel + "/" + column;
  }

  /** The columns of one row, keys already sealed. */
  private record Row(
      MerchantChannel source,
      String appId,
      @Nullable String mchId,
      @Nullable String signType,
      @Nullable String publicKeyId,
      @Nullable String privateKey,
      @Nullable String sharedKey) {

    String merchantId() {
      return source.merchantId();
    }

    Channel channel() {
      return source.channel();
    }

    static Row of(MerchantChannel stored, MasterKey masterKey) {
      var id = stored.merchantId();
      var channel = stored.channel();
      return switch (stored.credentials()) {
        case AlipayCredentials alipay ->
            new Row(
                stored,
                alipay.appId(),
                null,
                alipay.signType().name(),
                null,
                masterKey.seal(
                    RsaKeys.privateKeyBase64(alipay.signingKey()),
                    context(id, channel, "private_key")),
                null);
        case WechatV3Credentials v3 ->
            new Row(
                stored,
                v3.appId(),
                v3.mchId(),
                null,
                v3.publicKeyId(),
                masterKey.seal(
                    RsaKeys.privateKeyBase64(v3.platformKey()),
                    context(id, channel, "private_key")),
                masterKey.seal(v3.apiV3Key(), context(id, channel, "shared_key")));
        case WechatV2Credentials v2 ->
            new Row(
                stored,
                v2.appId(),
                v2.mchId(),
                v2.signType().name(),
                null,
                null,
                masterKey.seal(v2.apiKey(), context(id, channel, "shared_key")));
        case WebhookCredentials webhook ->
            throw new IllegalArgumentException("webhook secrets belong to the merchant");
      };
    }

    @Override
    public String toString() {
      return "Row[" + source + "]";
    }
  }
}
