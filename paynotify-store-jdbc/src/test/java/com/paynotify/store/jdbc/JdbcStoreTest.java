package com.paynotify.store.jdbc;

import static com.paynotify.testkit.Notifications.T0;
import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.paynotify.RefusedValueException;
import com.paynotify.StoreException;
import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.AuditLog;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.WechatV3Credentials;
import com.paynotify.merchant.ChannelCredentialStore;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantChannel;
import com.paynotify.merchant.MerchantStore;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStore;
import com.paynotify.retry.RetryPolicyStore;
import com.paynotify.testkit.AccessTokenStoreContract;
import com.paynotify.testkit.AuditLogContract;
import com.paynotify.testkit.ChannelCredentialStoreContract;
import com.paynotify.testkit.MerchantStoreContract;
import com.paynotify.testkit.NotificationStoreContract;
import com.paynotify.testkit.RetryPolicyStoreContract;
import com.paynotify.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contracts run against one fresh database per subclass, plus what only the JDBC stores
 * promise: the schema, the dialect, UTC in the columns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStoreTest extends NotificationStoreContract {
  private static final MasterKey MASTER_KEY = MasterKey.generate();
  private TestDatabase database;

  /** Makes the fresh database this class runs against. */
  abstract TestDatabase openDatabase();

  abstract Dialect expectedDialect();

  @BeforeAll
  void createSchema() {
    database = openDatabase();
    JdbcSchema.migrate(database.dataSource());
  }

  @AfterAll
  void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected NotificationStore emptyStore() {
    deleteAll("attempt", "notification");
    return new JdbcNotificationStore(database.dataSource());
  }

  @Test
  void detectsTheDialect() {
    var dialect = Dialect.of(database.dataSource());

    assertThat(dialect).isEqualTo(expectedDialect());
  }

  @Test
  void migratesAnUpToDateSchemaAgainWithoutChange() {
    JdbcSchema.migrate(database.dataSource());

    assertThat(store.countActive()).isZero();
  }

  @Test
  void writesInstantsAsUtcWhateverTheDefaultTimeZone() throws SQLException {
    var createdAt = Instant.parse("2026-03-08T02:30:00.123Z");
    var original = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
    try {
      var notification = aNotification().createdAt(createdAt).updatedAt(createdAt).build();

      store.create(notification);

      try (var connection = database.dataSource().getConnection();
          var statement = connection.prepareStatement("SELECT created_at FROM notification WHERE id = ?")) {
        statement.setString(1, notification.id());
        try (var row = statement.executeQuery()) {
          assertThat(row.next()).isTrue();
          assertThat(row.getObject(1, LocalDateTime.class))
              .isEqualTo(LocalDateTime.ofInstant(createdAt, ZoneOffset.UTC));
        }
      }
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void keepsDecimalsInExtraExactly() {
    var notification = aNotification().extra(Map.of("couponFee", new BigDecimal("1.10"), "count", 3)).build();

    store.create(notification);

    var extra = store.find(notification.id()).orElseThrow().extra();
    assertThat(extra.get("couponFee")).isEqualTo(new BigDecimal("1.10"));
    assertThat(extra.get("count")).isEqualTo(3);
  }

  @Test
  void skipsANotificationAnotherTransactionHoldsWithoutWaiting() throws SQLException {
    var held = store.create(aNotification().nextAttemptAt(T0.minusSeconds(1)).build()).notification();
    var free = store.create(aNotification().build()).notification();
    try (var other = database.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (var lock = other.prepareStatement("SELECT id FROM notification WHERE id = ? FOR UPDATE")) {
        lock.setString(1, held.id());
        lock.executeQuery().close();
      }

      var claimed = assertTimeoutPreemptively(
          Duration.ofSeconds(5), () -> store.claimDue(T0, 10, T0.plusSeconds(30)));

      other.rollback();
      assertThat(claimed).extracting(Notification::id).containsExactly(free.id());
    }
  }

  @Nested
  class Merchants extends MerchantStoreContract {
    @Override
    protected MerchantStore emptyMerchantStore() {
      deleteAll("merchant_credential", "merchant");
      return new JdbcMerchantStore(database.dataSource(), MASTER_KEY);
    }

    @Test
    void keepsWebhookSecretsEncrypted() {
      var merchant = Merchant.register("m1", "Shop", List.of(), T0).rotateSecret(T0, Duration.ofHours(1));

      merchants.create(merchant);

      var row = rawRow("SELECT webhook_secret, previous_secret FROM merchant WHERE id = 'm1'");
      assertThat(row).allSatisfy(value -> assertThat(value).startsWith(MasterKey.SEALED_PREFIX).doesNotContain("whsec_"));
      assertThat(String.join(" ", row))
          .doesNotContain(merchant.webhookSecret().reveal().substring(6))
          .doesNotContain(merchant.previousSecret().reveal().substring(6));
    }

    @Test
    void readsPlaintextSecretsOfEarlierRowsAndEncryptsThemInPlace() {
      var merchant = Merchant.register("legacy", "Before encryption", List.of(), T0);
      execute("INSERT INTO merchant (id, name, status, callback_hosts, webhook_secret, created_at, updated_at) "
          + "VALUES ('legacy', 'Before encryption', 'ACTIVE', '', '" + merchant.webhookSecret().reveal() + "', "
          + "TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:00')");

      var before = merchants.find("legacy").orElseThrow();
      int sealed = ((JdbcMerchantStore) merchants).sealPlaintextSecrets();
      int sealedAgain = ((JdbcMerchantStore) merchants).sealPlaintextSecrets();

      assertThat(before.webhookSecret()).isEqualTo(merchant.webhookSecret());
      assertThat(sealed).isEqualTo(1);
      assertThat(sealedAgain).isZero();
      assertThat(rawRow("SELECT webhook_secret FROM merchant WHERE id = 'legacy'").getFirst())
          .startsWith(MasterKey.SEALED_PREFIX);
      assertThat(merchants.find("legacy").orElseThrow().webhookSecret()).isEqualTo(merchant.webhookSecret());
    }

    @Test
    void refusesANameTooLongForItsColumnAsTheRequestsFaultNotAnOutage() {
      var merchant = Merchant.register("m1", "Shop", List.of(), T0);
      merchants.create(merchant);

      var thrown = catchThrowable(() -> merchants.update(
          new Merchant("m1", "n".repeat(201), merchant.status(), List.of(), merchant.webhookSecret(), null, null, T0, T0)));

      assertThat(thrown).isInstanceOf(RefusedValueException.class).isNotInstanceOf(StoreException.class);
      // PostgreSQL does not say which column a value too long was for.
      assertThat(((RefusedValueException) thrown).field()).isEqualTo(expectedDialect() == Dialect.POSTGRESQL ? null : "name");
      assertThat(thrown.getMessage()).doesNotContain("nnnnnnnnnn").endsWith("(SQL state 22001)");
      assertThat(merchants.find("m1").orElseThrow().name()).isEqualTo("Shop");
    }

    @Test
    void refusesToReadSecretsUnderAnotherMasterKey() {
      merchants.create(Merchant.register("m1", "Shop", List.of(), T0));

      var otherKey = new JdbcMerchantStore(database.dataSource(), MasterKey.generate());

      assertThatThrownBy(() -> otherKey.find("m1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another master key");
    }
  }

  @Nested
  class ChannelCredentialStores extends ChannelCredentialStoreContract {
    @Override
    protected ChannelCredentialStore emptyChannelCredentialStore() {
      deleteAll("merchant_credential", "merchant");
      return new JdbcChannelCredentialStore(database.dataSource(), MASTER_KEY);
    }

    @Override
    protected MerchantStore merchantStore() {
      return new JdbcMerchantStore(database.dataSource(), MASTER_KEY);
    }

    @Test
    void keepsPrivateAndSharedKeysEncrypted() {
      var stored = new MerchantChannel(
          "m1", new WechatV3Credentials("1900000109", "wx1", KEY, "PUB_KEY_ID_01", API_V3_KEY), T0, T0);

      credentials.save(stored);

      var row = rawRow("SELECT private_key, shared_key FROM merchant_credential WHERE channel = 'WECHAT_V3'");
      assertThat(row).allSatisfy(value -> assertThat(value).startsWith(MasterKey.SEALED_PREFIX));
      assertThat(String.join(" ", row))
          .doesNotContain(API_V3_KEY)
          .doesNotContain(RsaKeys.privateKeyBase64(KEY).substring(0, 40));
    }
  }

  @Nested
  class AccessTokens extends AccessTokenStoreContract {
    @Override
    protected AccessTokenStore emptyAccessTokenStore() {
      deleteAll("access_token");
      return new JdbcAccessTokenStore(database.dataSource());
    }
  }

  @Nested
  class AuditEntries extends AuditLogContract {
    @Override
    protected AuditLog emptyAuditLog() {
      deleteAll("audit_log");
      return new JdbcAuditLog(database.dataSource());
    }
  }

  private List<String> rawRow(String sql) {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement();
        var row = statement.executeQuery(sql)) {
      assertThat(row.next()).as(sql).isTrue();
      var values = new java.util.ArrayList<String>();
      for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
        values.add(row.getString(i));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private void execute(String sql) {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private void deleteAll(String... tables) {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement()) {
      for (var table : tables) {
        statement.executeUpdate("DELETE FROM " + table);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not empty " + String.join(", ", tables), e);
    }
  }
}
