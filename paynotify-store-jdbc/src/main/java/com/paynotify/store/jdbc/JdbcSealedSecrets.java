package com.paynotify.store.jdbc;

import com.paynotify.channel.Channel;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.SealedSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Every sealed value of the database: the merchants' webhook secrets and default headers ({@code
 * merchant}) and the channels' private and shared keys ({@code merchant_credential}), with the
 * contexts their stores seal them for. Rows are read in pages by primary key and each is written
 * back only if it still holds what was read, so a secret rotated meanwhile is never overwritten.
 * Thread-safe.
 */
public final class JdbcSealedSecrets implements SealedSecrets {
  /** Rows read at once: bounds the memory a reseal takes however many merchants there are. */
  static final int PAGE_SIZE = 100;

  private final Jdbc jdbc;

  public JdbcSealedSecrets(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public Optional<SealedValue> sample() {
    return jdbc.withConnection(
        "read a sealed secret",
        connection -> {
          var webhook =
              Jdbc.queryOne(
                  connection,
                  "SELECT id, webhook_secret FROM merchant WHERE webhook_secret LIKE ? ORDER BY id LIMIT 1",
                  statement -> statement.setString(1, JdbcMerchantStore.SEALED_PATTERN),
                  row ->
                      new SealedValue(
                          row.getString(2),
                          JdbcMerchantStore.context(row.getString(1), JdbcMerchantStore.CURRENT)));
          if (webhook.isPresent()) {
            return webhook;
          }
          return Jdbc.queryOne(
              connection,
              "SELECT merchant_id, channel, shared_key, private_key FROM merchant_credential "
                  + "ORDER BY merchant_id, channel LIMIT 1",
              statement -> {},
              row -> {
                var column = row.getString(3) != null ? "shared_key" : "private_key";
                return new SealedValue(
                    row.getString(column),
                    JdbcChannelCredentialStore.context(
                        row.getString(1), Channel.valueOf(row.getString(2)), column));
              });
        });
  }

  @Override
  public int reseal(MasterKey key) {
    return resealMerchants(key) + resealCredentials(key);
  }

  private int resealMerchants(MasterKey key) {
    int values = 0;
    var after = "";
    while (true) {
      var cursor = after;
      var page =
          jdbc.withConnection(
              "read webhook secrets",
              connection ->
                  Jdbc.query(
                      connection,
                      "SELECT id, webhook_secret, previous_secret, default_headers FROM merchant WHERE id > ? ORDER BY id LIMIT ?",
                      statement -> new Jdbc.Params(statement).string(cursor).integer(PAGE_SIZE),
                      row ->
                          new String[] {
                            row.getString(1), row.getString(2), row.getString(3), row.getString(4)
                          }));
      for (var row : page) {
        var id = row[0];
        values +=
            replace(
                key,
                "merchant",
                "id = ?",
                List.of(id),
                new Column(
                    JdbcMerchantStore.CURRENT,
                    row[1],
                    JdbcMerchantStore.context(id, JdbcMerchantStore.CURRENT)),
                new Column(
                    JdbcMerchantStore.PREVIOUS,
                    row[2],
                    JdbcMerchantStore.context(id, JdbcMerchantStore.PREVIOUS)),
                new Column(
                    JdbcMerchantStore.HEADERS,
                    row[3],
                    JdbcMerchantStore.context(id, JdbcMerchantStore.HEADERS)));
      }
      if (page.size() < PAGE_SIZE) {
        return values;
      }
      after = page.getLast()[0];
    }
  }

  private int resealCredentials(MasterKey key) {
    int values = 0;
    var afterMerchant = "";
    var afterChannel = "";
    while (true) {
      var merchantCursor = afterMerchant;
      var channelCursor = afterChannel;
      var page =
          jdbc.withConnection(
              "read channel credentials",
              connection ->
                  Jdbc.query(
                      connection,
                      """
          SELECT merchant_id, channel, private_key, shared_key FROM merchant_credential
          WHERE merchant_id > ? OR (merchant_id = ? AND channel > ?)
          ORDER BY merchant_id, channel LIMIT ?""",
                      statement ->
                          new Jdbc.Params(statement)
                              .string(merchantCursor)
                              .string(merchantCursor)
                              .string(channelCursor)
                              .integer(PAGE_SIZE),
                      row ->
                          new String[] {
                            row.getString(1), row.getString(2), row.getString(3), row.getString(4)
                          }));
      for (var row : page) {
        var channel = Channel.valueOf(row[1]);
        values +=
            replace(
                key,
                "merchant_credential",
                "merchant_id = ? AND channel = ?",
                List.of(row[0], row[1]),
                new Column(
                    "private_key",
                    row[2],
                    JdbcChannelCredentialStore.context(row[0], channel, "private_key")),
                new Column(
                    "shared_key",
                    row[3],
                    JdbcChannelCredentialStore.context(row[0], channel, "shared_key")));
      }
      if (page.size() < PAGE_SIZE) {
        return values;
      }
      afterMerchant = page.getLast()[0];
      afterChannel = page.getLast()[1];
    }
  }

  /** A sealed column of a row: its name, the value read, and the context it is sealed for. */
  private record Column(String name, @Nullable String read, String context) {
    @Override
    public String toString() {
      return "Column[" + context + "]";
    }
  }

  /**
   * Seals the columns of one row again under the current key, if any needs it, and writes them back
   * if all still hold what was read.
   *
   * @return how many values were sealed again
   */
  private int replace(
      MasterKey key, String table, String where, List<String> ids, Column... columns) {
    var values = new ArrayList<@Nullable String>();
    int changed = 0;
    for (var column : columns) {
      var value = resealed(key, column);
      values.add(value);
      changed += changed(column.read(), value);
    }
    if (changed == 0) {
      return 0;
    }
    var sql =
        "UPDATE "
            + table
            + " SET "
            + Stream.of(columns).map(c -> c.name() + " = ?").collect(Collectors.joining(", "))
            + " WHERE "
            + where
            + " AND "
            + Stream.of(columns)
                .map(JdbcSealedSecrets::unchanged)
                .collect(Collectors.joining(" AND "));
    var bound = new ArrayList<@Nullable String>(values);
    bound.addAll(ids);
    Stream.of(columns).map(Column::read).filter(Objects::nonNull).forEach(bound::add);
    int updated =
        jdbc.withConnection(
            "reseal " + table,
            connection ->
                Jdbc.requireAtMostOne(
                    Jdbc.update(
                        connection,
                        sql,
                        statement -> {
                          var params = new Jdbc.Params(statement);
                          for (var value : bound) {
                            params.string(value);
                          }
                        }),
                    "reseal a row of " + table));
    // 0: the row was changed meanwhile, by a write that sealed under its writer's current key.
    return updated == 1 ? changed : 0;
  }

  /**
   * The column's value under the current key: as read when it is already, opened and sealed again
   * when not.
   */
  private static @Nullable String resealed(MasterKey key, Column column) {
    var stored = column.read();
    if (stored == null || key.isCurrent(stored)) {
      return stored;
    }
    // A webhook secret of a row older than encryption at rest is plaintext: sealing it is what it
    // needs.
    var plaintext = MasterKey.isSealed(stored) ? key.open(stored, column.context()) : stored;
    return key.seal(plaintext, column.context());
  }

  private static String unchanged(Column column) {
    return column.read() == null ? column.name() + " IS NULL" : column.name() + " = ?";
  }

  private static boolean equalsOrBothNull(@Nullable String a, @Nullable String b) {
    return a == null ? b == null : a.equals(b);
  }

  private static int changed(@Nullable String before, @Nullable String after) {
    return equalsOrBothNull(before, after) ? 0 : 1;
  }
}
