package com.paynotify.store.jdbc;

import static com.paynotify.store.jdbc.Jdbc.getInstant;
import static com.paynotify.store.jdbc.Jdbc.getRequiredInstant;

import com.paynotify.access.AccessToken;
import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.MerchantScope;
import com.paynotify.access.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The API-token store on H2, PostgreSQL or MySQL/MariaDB: one row per token, by hash. A scoped
 * token's merchants are one comma-separated column (merchant ids have no commas), null for every
 * merchant. Thread-safe.
 */
public final class JdbcAccessTokenStore implements AccessTokenStore {
  private static final String COLUMNS =
      "id, name, role, token_hash, created_at, created_by, revoked_at, merchant_scope";

  private final Jdbc jdbc;

  public JdbcAccessTokenStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void create(AccessToken token) {
    jdbc.withConnection(
        "create access token",
        connection ->
            Jdbc.requireOne(
                Jdbc.update(
                    connection,
                    "INSERT INTO access_token (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    statement ->
                        new Jdbc.Params(statement)
                            .string(token.id())
                            .string(token.name())
                            .string(token.role().name())
                            .string(token.tokenHash())
                            .instant(token.createdAt())
                            .string(
                                Jdbc.truncate(
                                    token.createdBy(), 200)) // a console user's name can be longer
                            .instant(token.revokedAt())
                            .string(
                                switch (token.scope()) {
                                  case MerchantScope.Every every -> null;
                                  case MerchantScope.Only only -> String.join(",", only.sorted());
                                })),
                "insert access token " + token.id()));
  }

  @Override
  public Optional<AccessToken> findByHash(String tokenHash) {
    return jdbc.withConnection(
        "find access token",
        connection ->
            Jdbc.queryOne(
                connection,
                "SELECT " + COLUMNS + " FROM access_token WHERE token_hash = ?",
                statement -> statement.setString(1, tokenHash),
                JdbcAccessTokenStore::read));
  }

  @Override
  public List<AccessToken> findAll() {
    return jdbc.withConnection(
        "list access tokens",
        connection ->
            Jdbc.query(
                connection,
                "SELECT " + COLUMNS + " FROM access_token ORDER BY created_at DESC, id",
                statement -> {},
                JdbcAccessTokenStore::read));
  }

  /**
   * One statement: the rows after the cursor's {@code (created_at, id)} in the list's order, the
   * cursor's creation time read by id in the same statement.
   */
  @Override
  public List<AccessToken> findPage(@Nullable String afterId, int limit) {
    if (afterId == null) {
      return jdbc.withConnection(
          "list access tokens",
          connection ->
              Jdbc.query(
                  connection,
                  "SELECT " + COLUMNS + " FROM access_token ORDER BY created_at DESC, id LIMIT ?",
                  statement -> new Jdbc.Params(statement).integer(limit), // LIMIT
                  JdbcAccessTokenStore::read));
    }
    return jdbc.withConnection(
        "list access tokens",
        connection ->
            Jdbc.query(
                connection,
                "SELECT "
                    + COLUMNS
                    + """
         FROM access_token
        WHERE created_at < (SELECT created_at FROM access_token WHERE id = ?)
           OR (created_at = (SELECT created_at FROM access_token WHERE id = ?) AND id > ?)
        ORDER BY created_at DESC, id
        LIMIT ?""",
                statement ->
                    new Jdbc.Params(statement)
                        .string(afterId) // the cursor's created_at
                        .string(afterId) // the cursor's created_at, for ties
                        .string(afterId) // id >
                        .integer(limit), // LIMIT
                JdbcAccessTokenStore::read));
  }

  @Override
  public boolean revoke(String id, Instant at) {
    return jdbc.withConnection(
        "revoke access token",
        connection ->
            Jdbc.requireAtMostOne(
                    Jdbc.update(
                        connection,
                        "UPDATE access_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                        statement ->
                            new Jdbc.Params(statement)
                                .instant(at) // revoked_at
                                .string(id)),
                    "revoke access token " + id)
                == 1);
  }

  private static AccessToken read(ResultSet row) throws SQLException {
    return new AccessToken(
        row.getString("id"),
        row.getString("name"),
        Role.valueOf(row.getString("role")),
        row.getString("token_hash"),
        getRequiredInstant(row, "created_at"),
        row.getString("created_by"),
        getInstant(row, "revoked_at"),
        scope(row.getString("merchant_scope")));
  }

  private static MerchantScope scope(@Nullable String column) {
    return column == null
        ? MerchantScope.EVERY
        : MerchantScope.only(Arrays.asList(column.split(",")));
  }
}
