package com.paynotify.store.jdbc;

import com.paynotify.merchant.KeyCheckStore;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The key check in the {@code master_key_check} table: at most one row, {@code id = 1}, so of two
 * nodes writing the first check at once the second insert conflicts on the primary key and loses.
 * Thread-safe.
 */
public final class JdbcKeyCheckStore implements KeyCheckStore {
  private final Jdbc jdbc;
  private final Dialect dialect;

  /** A store on {@code dataSource}, whose dialect is detected now, using one connection. */
  public JdbcKeyCheckStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public Optional<String> find() {
    return jdbc.withConnection(
        "read the key check",
        connection ->
            Jdbc.queryOne(
                connection,
                "SELECT sealed FROM master_key_check WHERE id = 1",
                statement -> {},
                row -> row.getString(1)));
  }

  @Override
  public boolean insert(String sealed) {
    return jdbc.withConnection(
        "write the key check",
        connection -> {
          try {
            Jdbc.requireOne(
                Jdbc.update(
                    connection,
                    "INSERT INTO master_key_check (id, sealed) VALUES (1, ?)",
                    statement -> statement.setString(1, sealed)),
                "insert the key check");
            return true;
          } catch (SQLException e) {
            if (dialect.isUniqueViolation(e)) {
              return false;
            }
            throw e;
          }
        });
  }

  @Override
  public boolean replace(String expected, String sealed) {
    return jdbc.withConnection(
        "rewrite the key check",
        connection ->
            Jdbc.requireAtMostOne(
                    Jdbc.update(
                        connection,
                        "UPDATE master_key_check SET sealed = ? WHERE id = 1 AND sealed = ?",
                        statement -> new Jdbc.Params(statement).string(sealed).string(expected)),
                    "rewrite the key check")
                == 1);
  }
}
