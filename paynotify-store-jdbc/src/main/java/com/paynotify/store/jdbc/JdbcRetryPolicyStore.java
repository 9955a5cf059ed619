package com.paynotify.store.jdbc;

import com.paynotify.retry.DurationText;
import com.paynotify.retry.RetryPolicy;
import com.paynotify.retry.RetryPolicyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry-policy store on H2, PostgreSQL or MySQL/MariaDB. Intervals are kept as comma-separated
 * short durations ({@code 4m,10m,1h}) and the timeout in milliseconds. Thread-safe.
 */
public final class JdbcRetryPolicyStore implements RetryPolicyStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcRetryPolicyStore.class);
  private static final String UPDATE =
      "UPDATE retry_policy SET intervals = ?, timeout_ms = ? WHERE name = ?";
  private static final String INSERT =
      "INSERT INTO retry_policy (intervals, timeout_ms, name) VALUES (?, ?, ?)";

  private final Jdbc jdbc;
  private final Dialect dialect;

  /** A store on {@code dataSource}, whose dialect is detected now, using one connection. */
  public JdbcRetryPolicyStore(DataSource dataSource) {
    this(dataSource, Dialect.of(dataSource));
  }

  public JdbcRetryPolicyStore(DataSource dataSource, Dialect dialect) {
    this.jdbc = new Jdbc(dataSource);
    this.dialect = dialect;
  }

  /**
   * {@inheritDoc} An update, else an insert; an insert that loses a race to another becomes an
   * update.
   */
  @Override
  public void save(RetryPolicy policy) {
    var intervals =
        policy.intervals().stream().map(DurationText::format).collect(Collectors.joining(","));
    Jdbc.Binder bind =
        statement ->
            new Jdbc.Params(statement)
                .string(intervals)
                .bigint(policy.timeout().toMillis())
                .string(policy.name());
    jdbc.withConnection(
        "save retry policy",
        connection -> {
          if (Jdbc.requireAtMostOne(
                  Jdbc.update(connection, UPDATE, bind), "update retry policy " + policy.name())
              == 1) {
            return null;
          }
          try {
            Jdbc.requireOne(
                Jdbc.update(connection, INSERT, bind), "insert retry policy " + policy.name());
          } catch (SQLException e) {
            if (!dialect.isUniqueViolation(e)) {
              throw e;
            }
            // Another node inserted it first; policies are never deleted, so it is there to update.
            Jdbc.requireOne(
                Jdbc.update(connection, UPDATE, bind), "replace retry policy " + policy.name());
          }
          return null;
        });
  }

  /**
   * Every stored policy, by name. A row today's rules no longer accept (written by an older
   * version, or by hand) is left out with a warning: one bad row must not stop a node from
   * starting.
   */
  @Override
  public List<RetryPolicy> findAll() {
    return jdbc
        .withConnection(
            "list retry policies",
            connection ->
                Jdbc.query(
                    connection,
                    "SELECT name, intervals, timeout_ms FROM retry_policy ORDER BY name",
                    statement -> {},
                    JdbcRetryPolicyStore::read))
        .stream()
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<RetryPolicy> read(ResultSet row) throws SQLException {
    var name = row.getString("name");
    var intervals = row.getString("intervals");
    try {
      return Optional.of(
          new RetryPolicy(
              name,
              intervals.isEmpty()
                  ? List.of()
                  : Arrays.stream(intervals.split(",")).map(DurationText::parse).toList(),
              Duration.ofMillis(row.getLong("timeout_ms"))));
    } catch (IllegalArgumentException e) {
      log.warn("Stored retry policy '{}' is not valid and is ignored: {}", name, e.getMessage());
      return Optional.empty();
    }
  }
}
