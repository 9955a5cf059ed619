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
import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.channel.WechatV3Credentials;
import com.paynotify.merchant.ChannelCredentialStore;
import com.paynotify.merchant.KeyCheck;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.MasterKeyMismatchException;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantChannel;
import com.paynotify.merchant.MerchantStore;
import com.paynotify.notification.Backlog;
import com.paynotify.notification.LeaseOffer;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Transition;
import com.paynotify.retry.DurationText;
import com.paynotify.retry.RetryPolicy;
import com.paynotify.retry.RetryPolicyStore;
import com.paynotify.testkit.AccessTokenStoreContract;
import com.paynotify.testkit.AuditLogContract;
import com.paynotify.testkit.ChannelCredentialStoreContract;
import com.paynotify.testkit.MerchantStoreContract;
import com.paynotify.testkit.NotificationStoreContract;
import com.paynotify.testkit.NotificationStores;
import com.paynotify.testkit.RetryPolicyStoreContract;
import com.paynotify.testkit.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.security.PrivateKey;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
  protected NotificationStores emptyStores() {
    Tables.deleteNotifications(database.dataSource());
    return new NotificationStores(
        new JdbcDeliveryQueue(database.dataSource()),
        new JdbcNotificationReports(database.dataSource()));
  }

  @Test
  void startsAClaimsLeaseOnlyOnceItHoldsAConnection() {
    var due = create(aNotification());
    var slowPool =
        new JdbcDeliveryQueue(waitingForEachConnection(Duration.ofSeconds(20)), expectedDialect());

    var claimed = slowPool.claimDue(10, clock, LEASE);

    assertThat(claimed).extracting(Notification::id).containsExactly(due.id());
    assertThat(claimed.getFirst().leaseUntil())
        .as("the wait for a connection does not shorten the lease")
        .isEqualTo(T0.plusSeconds(20).plus(LEASE));
  }

  @Test
  void startsALeasedInsertsLeaseOnlyOnceItHoldsAConnection() {
    var slowPool =
        new JdbcDeliveryQueue(waitingForEachConnection(Duration.ofSeconds(20)), expectedDialect());

    var leased =
        slowPool
            .createAll(List.of(aNotification().build()), new LeaseOffer(clock, LEASE, 1))
            .getFirst()
            .orThrow()
            .notification();

    assertThat(leased.status()).isEqualTo(NotificationStatus.DELIVERING);
    assertThat(leased.leaseUntil()).isEqualTo(T0.plusSeconds(20).plus(LEASE));
  }

  /**
   * The database, behind a pool that takes {@code wait} on the test's clock to hand out a
   * connection.
   */
  private DataSource waitingForEachConnection(Duration wait) {
    var dataSource = database.dataSource();
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                clock.tick(wait);
              }
              try {
                return method.invoke(dataSource, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void detectsTheDialect() {
    var dialect = Dialect.of(database.dataSource());

    assertThat(dialect).isEqualTo(expectedDialect());
  }

  @Test
  void migratesAnUpToDateSchemaAgainWithoutChange() {
    JdbcSchema.migrate(database.dataSource());

    assertThat(reports.backlog(T0)).isEqualTo(new Backlog(0, 0, 0, null));
  }

  @Test
  void writesInstantsAsUtcWhateverTheDefaultTimeZone() throws SQLException {
    var createdAt = Instant.parse("2026-03-08T02:30:00.123Z");
    var original = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
    try {
      var notification = aNotification().createdAt(createdAt).updatedAt(createdAt).build();

      stores.create(notification);

      try (var connection = database.dataSource().getConnection();
          var statement =
              connection.prepareStatement("SELECT created_at FROM notification WHERE id = ?")) {
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
    var notification =
        aNotification().extra(Map.of("couponFee", new BigDecimal("1.10"), "count", 3)).build();

    stores.create(notification);

    var extra = queue.find(notification.id()).orElseThrow().extra();
    assertThat(extra.get("couponFee")).isEqualTo(new BigDecimal("1.10"));
    assertThat(extra.get("count")).isEqualTo(3);
  }

  @Test
  void skipsANotificationAnotherTransactionHoldsWithoutWaiting() throws SQLException {
    var held =
        stores.create(aNotification().nextAttemptAt(T0.minusSeconds(1)).build()).notification();
    var free = stores.create(aNotification().build()).notification();
    try (var other = database.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (var lock =
          other.prepareStatement("SELECT id FROM notification WHERE id = ? FOR UPDATE")) {
        lock.setString(1, held.id());
        lock.executeQuery().close();
      }

      var claimed =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5), () -> queue.claimDue(T0, 10, T0.plusSeconds(30)));

      other.rollback();
      assertThat(claimed).extracting(Notification::id).containsExactly(free.id());
    }
  }

  @Test
  void recordsEachEndingInTheOutboxInTheTransactionThatEndsIt() {
    deleteAll("outcome_event");
    var recording = new JdbcDeliveryQueue(database.dataSource(), expectedDialect(), true);
    var outbox = new JdbcOutcomeOutbox(database.dataSource());
    recording.createAll(List.of(aNotification().orderNo("OUT-1").build()), LeaseOffer.NONE);
    var claimed = recording.claimDue(T0, 10, T0.plusSeconds(30)).getFirst();
    var retried =
        claimed.toBuilder()
            .status(NotificationStatus.PENDING)
            .attempts(1)
            .leaseUntil(null)
            .nextAttemptAt(T0.plusSeconds(60))
            .updatedAt(T0.plusSeconds(1))
            .build();
    recording.apply(List.of(Transition.attempted(retried, anAttempt(claimed, 1))));
    var stillPending = outbox.pending();
    var again = recording.claimDue(T0.plusSeconds(60), 10, T0.plusSeconds(90)).getFirst();
    recording.apply(
        List.of(Transition.attempted(succeeded(again, T0.plusSeconds(61)), anAttempt(again, 2))));

    var published = new ArrayList<OutcomeEvent>();
    int drained = outbox.drain(10, published::addAll);

    assertThat(stillPending).as("a retry is no outcome").isZero();
    assertThat(drained).isOne();
    var event = published.getFirst();
    assertThat(event.notificationId()).isEqualTo(claimed.id());
    assertThat(event.merchantId()).isEqualTo(claimed.merchantId());
    assertThat(event.orderNo()).isEqualTo("OUT-1");
    assertThat(event.status()).isEqualTo("SUCCEEDED");
    assertThat(event.attempts()).isEqualTo(2);
    assertThat(event.completedAt()).isEqualTo(T0.plusSeconds(61));
    assertThat(outbox.pending()).isZero();
  }

  @Test
  void keepsOutcomesWhosePublishingFailedAndWritesNoneWhenNotRecording() {
    deleteAll("outcome_event");
    var outbox = new JdbcOutcomeOutbox(database.dataSource());
    var recording = new JdbcDeliveryQueue(database.dataSource(), expectedDialect(), true);
    recording.createAll(List.of(aNotification().orderNo("OUT-2").build()), LeaseOffer.NONE);
    var claimed = recording.claimDue(T0, 10, T0.plusSeconds(30)).getFirst();
    recording.apply(
        List.of(
            Transition.attempted(succeeded(claimed, T0.plusSeconds(1)), anAttempt(claimed, 1))));
    stores.create(aNotification().orderNo("OUT-3").build());
    var quiet = queue.claimDue(T0, 10, T0.plusSeconds(30)).getFirst();
    queue.apply(
        List.of(Transition.attempted(succeeded(quiet, T0.plusSeconds(1)), anAttempt(quiet, 1))));

    assertThatThrownBy(
            () ->
                outbox.drain(
                    10,
                    events -> {
                      throw new IllegalStateException("broker down");
                    }))
        .hasMessage("broker down");
    var published = new ArrayList<OutcomeEvent>();
    outbox.drain(10, published::addAll);

    assertThat(published).extracting(OutcomeEvent::orderNo).containsExactly("OUT-2");
  }

  @Test
  void migratesAPopulatedVersion5DatabaseToTheOutbox() throws SQLException {
    try (var old = openDatabase()) {
      Flyway.configure()
          .dataSource(old.dataSource())
          .locations(expectedDialect().migrationLocation())
          .target("5")
          .load()
          .migrate();
      try (var connection = old.dataSource().getConnection();
          var statement = connection.createStatement()) {
        statement.executeUpdate(
            """
            INSERT INTO notification (id, merchant_id, channel, order_no, payment_status, amount, currency, notify_url,
              extra, retry_policy, idempotency_key, fingerprint, status, attempts, max_attempts, last_http_status,
              created_at, updated_at, completed_at, version)
            VALUES ('ntf_old', 'shop', 'WEBHOOK', 'OLD-1', 'SUCCESS', 1.00, 'CNY', 'https://shop.example/n', '{}',
              'standard', 'OLD-1|SUCCESS', 'f', 'SUCCEEDED', 1, 6, 200,
              TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:01', TIMESTAMP '2026-01-01 00:00:01', 2)""");
      }

      JdbcSchema.migrate(old.dataSource());

      assertThat(new JdbcDeliveryQueue(old.dataSource()).find("ntf_old").orElseThrow().status())
          .isEqualTo(NotificationStatus.SUCCEEDED);
      assertThat(new JdbcOutcomeOutbox(old.dataSource()).pending())
          .as("an old ending is not published")
          .isZero();
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
      var merchant =
          Merchant.register("m1", "Shop", List.of(), T0).rotateSecret(T0, Duration.ofHours(1));

      merchants.create(merchant);

      var row = rawRow("SELECT webhook_secret, previous_secret FROM merchant WHERE id = 'm1'");
      assertThat(row)
          .allSatisfy(
              value ->
                  assertThat(value).startsWith(MasterKey.SEALED_PREFIX).doesNotContain("whsec_"));
      assertThat(String.join(" ", row))
          .doesNotContain(merchant.webhookSecret().reveal().substring(6))
          .doesNotContain(merchant.previousSecret().reveal().substring(6));
    }

    @Test
    void keepsDefaultHeaderValuesEncryptedAndTheirNamesToo() {
      var merchant =
          Merchant.register("m1", "Shop", List.of(), T0)
              .withDefaultHeaders(
                  java.util.Map.of("Authorization", "Bearer gw-secret-1", "X-Gateway-Key", "k-2"),
                  T0);

      merchants.create(merchant);

      var stored = rawRow("SELECT default_headers FROM merchant WHERE id = 'm1'").getFirst();
      assertThat(stored)
          .startsWith(MasterKey.SEALED_PREFIX)
          .doesNotContain("gw-secret-1")
          .doesNotContain("Authorization");
      assertThat(merchants.find("m1").orElseThrow().defaultHeaders())
          .isEqualTo(merchant.defaultHeaders());
    }

    @Test
    void readsPlaintextSecretsOfEarlierRowsAndEncryptsThemInPlace() {
      var merchant = Merchant.register("legacy", "Before encryption", List.of(), T0);
      execute(
          "INSERT INTO merchant (id, name, status, callback_hosts, webhook_secret, created_at, updated_at) "
              + "VALUES ('legacy', 'Before encryption', 'ACTIVE', '', '"
              + merchant.webhookSecret().reveal()
              + "', "
              + "TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 00:00:00')");

      var before = merchants.find("legacy").orElseThrow();
      int sealed = ((JdbcMerchantStore) merchants).sealPlaintextSecrets();
      int sealedAgain = ((JdbcMerchantStore) merchants).sealPlaintextSecrets();

      assertThat(before.webhookSecret()).isEqualTo(merchant.webhookSecret());
      assertThat(sealed).isEqualTo(1);
      assertThat(sealedAgain).isZero();
      assertThat(rawRow("SELECT webhook_secret FROM merchant WHERE id = 'legacy'").getFirst())
          .startsWith(MasterKey.SEALED_PREFIX);
      assertThat(merchants.find("legacy").orElseThrow().webhookSecret())
          .isEqualTo(merchant.webhookSecret());
    }

    @Test
    void refusesANameTooLongForItsColumnAsTheRequestsFaultNotAnOutage() {
      var merchant = Merchant.register("m1", "Shop", List.of(), T0);
      merchants.create(merchant);

      var thrown =
          catchThrowable(
              () ->
                  merchants.update(
                      new Merchant(
                          "m1",
                          "n".repeat(201),
                          merchant.status(),
                          List.of(),
                          merchant.webhookSecret(),
                          null,
                          null,
                          T0,
                          T0)));

      assertThat(thrown)
          .isInstanceOf(RefusedValueException.class)
          .isNotInstanceOf(StoreException.class);
      // PostgreSQL does not say which column a value too long was for.
      assertThat(((RefusedValueException) thrown).field())
          .isEqualTo(expectedDialect() == Dialect.POSTGRESQL ? null : "name");
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
      var stored =
          new MerchantChannel(
              "m1",
              new WechatV3Credentials("1900000109", "wx1", KEY, "PUB_KEY_ID_01", API_V3_KEY),
              T0,
              T0);

      credentials.save(stored);

      var row =
          rawRow(
              "SELECT private_key, shared_key FROM merchant_credential WHERE channel = 'WECHAT_V3'");
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
  class RetryPolicies extends RetryPolicyStoreContract {
    @Override
    protected RetryPolicyStore emptyRetryPolicyStore() {
      deleteAll("retry_policy");
      return new JdbcRetryPolicyStore(database.dataSource());
    }

    @Test
    void leavesOutAStoredPolicyTodaysRulesRefuseInsteadOfFailing() throws SQLException {
      policies.save(new RetryPolicy("fast", DurationText.parseAll("1s"), Duration.ofSeconds(5)));
      try (var connection = database.dataSource().getConnection();
          var insert =
              connection.prepareStatement(
                  "INSERT INTO retry_policy (name, intervals, timeout_ms) VALUES ('legacy', '1m', 600000)")) {
        insert.executeUpdate();
      }

      var all = policies.findAll();

      assertThat(all).extracting(RetryPolicy::name).containsExactly("fast");
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

  @Nested
  class KeyChecks {
    private static final PrivateKey RSA_KEY = RsaKeys.generate().getPrivate();
    private static final String API_V3_KEY = "0123456789abcdefghijABCDEFGHIJ01";
    private final MasterKey old = MasterKey.generate();
    private final MasterKey current = MasterKey.generate();

    @BeforeEach
    void empty() {
      deleteAll("master_key_check", "merchant_credential", "merchant");
    }

    private KeyCheck keyCheck() {
      return new KeyCheck(
          new JdbcKeyCheckStore(database.dataSource()),
          new JdbcSealedSecrets(database.dataSource()));
    }

    @Test
    void theFirstKeyWritesTheCheckOnceAndOpensItAfterwards() {
      var first = keyCheck().verifyOrWrite(old);
      var written = rawRow("SELECT sealed FROM master_key_check").getFirst();

      var second = keyCheck().verifyOrWrite(MasterKey.parse(old.reveal()));

      assertThat(first).isEqualTo(KeyCheck.Outcome.WRITTEN);
      assertThat(second).isEqualTo(KeyCheck.Outcome.VERIFIED);
      assertThat(keyCheck().isWritten()).isTrue();
      assertThat(rawRow("SELECT COUNT(*), MIN(sealed) FROM master_key_check"))
          .containsExactly("1", written);
      assertThat(written).startsWith(MasterKey.SEALED_PREFIX + old.id() + ":");
    }

    @Test
    void refusesAKeyThatDoesNotOpenTheCheckAndLeavesTheCheckAsItWas() {
      keyCheck().verifyOrWrite(old);
      var written = rawRow("SELECT sealed FROM master_key_check").getFirst();

      assertThatThrownBy(() -> keyCheck().verifyOrWrite(current))
          .isInstanceOf(MasterKeyMismatchException.class)
          .hasMessage(
              "the master key differs from the one the database was sealed with: key id "
                  + current.id()
                  + " does not open its key check (sealed under key id "
                  + old.id()
                  + ")")
          .message()
          .doesNotContain(current.reveal())
          .doesNotContain(old.reveal());
      assertThat(rawRow("SELECT COUNT(*), MIN(sealed) FROM master_key_check"))
          .containsExactly("1", written);
    }

    @Test
    void ofNodesWritingTheFirstCheckAtOnceExactlyOneWritesAndTheOthersVerifyIt() throws Exception {
      var sameKey = new ArrayList<MasterKey>();
      for (int i = 0; i < 8; i++) {
        sameKey.add(MasterKey.parse(old.reveal()));
      }

      var outcomes = startAtOnce(sameKey);

      assertThat(outcomes).filteredOn(KeyCheck.Outcome.WRITTEN::equals).hasSize(1);
      assertThat(outcomes).filteredOn(KeyCheck.Outcome.VERIFIED::equals).hasSize(7);
      assertThat(rawRow("SELECT COUNT(*) FROM master_key_check")).containsExactly("1");
    }

    @Test
    void ofNodesWithDifferentKeysWritingTheFirstCheckAtOnceOnlyOneKeyIsAccepted() throws Exception {
      var keys = new ArrayList<MasterKey>();
      for (int i = 0; i < 8; i++) {
        keys.add(MasterKey.generate());
      }

      var outcomes = startAtOnce(keys);

      assertThat(outcomes).filteredOn(KeyCheck.Outcome.WRITTEN::equals).hasSize(1);
      assertThat(outcomes).filteredOn(MasterKeyMismatchException.class::isInstance).hasSize(7);
      var winner = keys.get(outcomes.indexOf(KeyCheck.Outcome.WRITTEN));
      assertThat(rawRow("SELECT sealed FROM master_key_check").getFirst())
          .startsWith(MasterKey.SEALED_PREFIX + winner.id() + ":");
    }

    @Test
    void refusesToWriteTheFirstCheckUnderAKeyThatDoesNotOpenTheSecretsStoredAlready() {
      new JdbcMerchantStore(database.dataSource(), old)
          .create(Merchant.register("m1", "Shop", List.of(), T0));

      assertThatThrownBy(() -> keyCheck().verifyOrWrite(current))
          .isInstanceOf(MasterKeyMismatchException.class)
          .hasMessage(
              "the master key differs from the one the database was sealed with: key id "
                  + current.id()
                  + " does not open the secrets already stored in it (sealed under key id "
                  + old.id()
                  + ")");
      assertThat(rawRow("SELECT COUNT(*) FROM master_key_check")).containsExactly("0");
      assertThat(keyCheck().verifyOrWrite(old)).isEqualTo(KeyCheck.Outcome.WRITTEN);
    }

    @Test
    void resealsEverySecretUnderTheNewKeyAndThenTheCheckSoTheOldKeyCanBeDropped() {
      var merchants = new JdbcMerchantStore(database.dataSource(), old);
      for (int i = 0; i < JdbcSealedSecrets.PAGE_SIZE + 5; i++) {
        merchants.create(Merchant.register("m%03d".formatted(i), "Shop", List.of(), T0));
      }
      var rotated =
          Merchant.register("rotated", "Shop", List.of(), T0)
              .rotateSecret(T0, Duration.ofHours(1))
              .withDefaultHeaders(java.util.Map.of("Authorization", "Bearer gw-secret-1"), T0);
      merchants.create(rotated);
      var channels = new JdbcChannelCredentialStore(database.dataSource(), old);
      channels.save(
          new MerchantChannel(
              "rotated",
              new WechatV3Credentials("1900000109", "wx1", RSA_KEY, "PUB_KEY_ID_01", API_V3_KEY),
              T0,
              T0));
      channels.save(
          new MerchantChannel(
              "rotated",
              new AlipayCredentials("2021000000000001", RSA_KEY, AlipayCredentials.SignType.RSA2),
              T0,
              T0));
      channels.save(
          new MerchantChannel(
              "m000",
              new WechatV2Credentials(
                  "wx2", "10000100", API_V3_KEY, WechatV2Credentials.SignType.MD5),
              T0,
              T0));
      keyCheck().verifyOrWrite(old);
      var rotating = current.withPrevious(List.of(old));

      var resealed = keyCheck().reseal(rotating);
      var again = keyCheck().reseal(rotating);

      // Every merchant's secret, the rotated one's previous secret and default headers, and four
      // channel keys.
      assertThat(resealed)
          .isEqualTo(new KeyCheck.Resealed(JdbcSealedSecrets.PAGE_SIZE + 5 + 3 + 4, current.id()));
      assertThat(again.values()).isZero();
      var sealed = new ArrayList<String>();
      sealed.addAll(rawColumn("SELECT webhook_secret FROM merchant"));
      sealed.addAll(
          rawColumn("SELECT previous_secret FROM merchant WHERE previous_secret IS NOT NULL"));
      sealed.addAll(
          rawColumn("SELECT private_key FROM merchant_credential WHERE private_key IS NOT NULL"));
      sealed.addAll(
          rawColumn("SELECT shared_key FROM merchant_credential WHERE shared_key IS NOT NULL"));
      sealed.addAll(
          rawColumn("SELECT default_headers FROM merchant WHERE default_headers IS NOT NULL"));
      sealed.addAll(rawColumn("SELECT sealed FROM master_key_check"));
      assertThat(sealed)
          .hasSize(JdbcSealedSecrets.PAGE_SIZE + 5 + 3 + 4 + 1)
          .allSatisfy(
              value -> assertThat(value).startsWith(MasterKey.SEALED_PREFIX + current.id() + ":"));
      var newOnly = new JdbcMerchantStore(database.dataSource(), current);
      assertThat(newOnly.findAll()).hasSize(JdbcSealedSecrets.PAGE_SIZE + 6);
      var reread = newOnly.find("rotated").orElseThrow();
      assertThat(reread.webhookSecret()).isEqualTo(rotated.webhookSecret());
      assertThat(reread.previousSecret()).isEqualTo(rotated.previousSecret());
      assertThat(reread.defaultHeaders())
          .containsExactly(java.util.Map.entry("Authorization", "Bearer gw-secret-1"));
      var newChannels = new JdbcChannelCredentialStore(database.dataSource(), current);
      assertThat(newChannels.findAll("rotated")).hasSize(2);
      assertThat(
              ((WechatV3Credentials)
                      newChannels.find("rotated", Channel.WECHAT_V3).orElseThrow().credentials())
                  .apiV3Key())
          .isEqualTo(API_V3_KEY);
      assertThat(
              ((WechatV2Credentials)
                      newChannels.find("m000", Channel.WECHAT_V2).orElseThrow().credentials())
                  .apiKey())
          .isEqualTo(API_V3_KEY);
      assertThat(keyCheck().verifyOrWrite(current)).isEqualTo(KeyCheck.Outcome.VERIFIED);
      assertThatThrownBy(() -> keyCheck().verifyOrWrite(old))
          .isInstanceOf(MasterKeyMismatchException.class);
    }

    @Test
    void refusesToResealWithAKeyThatDoesNotOpenTheCheck() {
      keyCheck().verifyOrWrite(old);
      new JdbcMerchantStore(database.dataSource(), old)
          .create(Merchant.register("m1", "Shop", List.of(), T0));
      var before = rawRow("SELECT webhook_secret FROM merchant WHERE id = 'm1'").getFirst();

      assertThatThrownBy(() -> keyCheck().reseal(current))
          .isInstanceOf(MasterKeyMismatchException.class);
      assertThat(rawRow("SELECT webhook_secret FROM merchant WHERE id = 'm1'"))
          .containsExactly(before);
    }

    /**
     * Each key's verifyOrWrite on a thread of its own, released together; the outcome or what it
     * threw, by key.
     */
    private List<Object> startAtOnce(List<MasterKey> keys) throws Exception {
      var start = new CountDownLatch(1);
      var results = new ArrayList<Future<Object>>();
      try (var threads = Executors.newFixedThreadPool(keys.size())) {
        for (var key : keys) {
          var check = keyCheck();
          results.add(
              threads.submit(
                  () -> {
                    start.await();
                    try {
                      return check.verifyOrWrite(key);
                    } catch (MasterKeyMismatchException e) {
                      return e;
                    }
                  }));
        }
        start.countDown();
        var outcomes = new ArrayList<Object>();
        for (var result : results) {
          outcomes.add(result.get(30, TimeUnit.SECONDS));
        }
        return outcomes;
      }
    }
  }

  private List<String> rawColumn(String sql) {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      var values = new ArrayList<String>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
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
    Tables.deleteAll(database.dataSource(), tables);
  }
}
