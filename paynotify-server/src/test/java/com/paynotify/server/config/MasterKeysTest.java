package com.paynotify.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.merchant.KeyCheck;
import com.paynotify.merchant.MasterKey;
import com.paynotify.store.jdbc.JdbcKeyCheckStore;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.store.jdbc.JdbcSealedSecrets;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class MasterKeysTest {
  private static final MasterKeyProperties NO_ROTATION = new MasterKeyProperties(null);
  @TempDir Path dataDir;
  private TestDatabase database;
  private KeyCheck keyCheck;

  @BeforeEach
  void emptyDatabase() {
    database = TestDatabases.h2();
    JdbcSchema.migrate(database.dataSource());
    keyCheck =
        new KeyCheck(
            new JdbcKeyCheckStore(database.dataSource()),
            new JdbcSealedSecrets(database.dataSource()));
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  private PaynotifyProperties properties(String masterKey) {
    return new PaynotifyProperties(null, masterKey, dataDir.toString(), null, null, null, null);
  }

  private MasterKey from(PaynotifyProperties properties) {
    return MasterKeys.from(properties, NO_ROTATION, keyCheck);
  }

  @Test
  void usesTheConfiguredKey() {
    var configured = MasterKey.generate();
    var sealed = configured.seal("secret", "ctx");

    var key = from(properties(configured.reveal()));

    assertThat(key.open(sealed, "ctx")).isEqualTo("secret");
    assertThat(dataDir.resolve(MasterKeys.FILE_NAME)).doesNotExist();
  }

  @Test
  void takesTheKeyFromThePaynotifyMasterKeyEnvironmentVariable() {
    var configured = MasterKey.generate();
    var environment =
        new SystemEnvironmentPropertySource(
            "env",
            Map.of(
                "PAYNOTIFY_MASTER_KEY",
                configured.reveal(),
                "PAYNOTIFY_DATA_DIR",
                dataDir.toString()));
    var bound =
        new Binder(ConfigurationPropertySources.from(environment))
            .bind("paynotify", PaynotifyProperties.class)
            .get();

    var key = from(bound);

    assertThat(key.open(configured.seal("secret", "ctx"), "ctx")).isEqualTo("secret");
  }

  @Test
  void takesPreviousKeysFromACommaSeparatedEnvironmentVariable() {
    var first = MasterKey.generate();
    var second = MasterKey.generate();
    var environment =
        new SystemEnvironmentPropertySource(
            "env",
            Map.of("PAYNOTIFY_PREVIOUS_MASTER_KEYS", first.reveal() + "," + second.reveal()));

    var bound =
        new Binder(ConfigurationPropertySources.from(environment))
            .bind("paynotify", MasterKeyProperties.class)
            .get();

    assertThat(bound.previousMasterKeys()).containsExactly(first.reveal(), second.reveal());
    assertThat(bound.toString()).doesNotContain(first.reveal()).doesNotContain(second.reveal());
  }

  @Test
  void refusesAMalformedKeyNamingThePropertyWithoutShowingIt() {
    var malformed = "c2hvcnQtc2VjcmV0LWtleQ==";

    assertThatThrownBy(() -> from(properties(malformed)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Invalid paynotify.master-key (env PAYNOTIFY_MASTER_KEY): master key: must be the base64 "
                + "of 32 bytes (AES-256), got 16 bytes")
        .message()
        .doesNotContain(malformed);
  }

  @Test
  void generatesAnOwnerOnlyKeyFileOnceSealsTheDatabaseWithItAndReadsItAfterwards()
      throws Exception {
    var generated = from(properties(null));
    var sealed = generated.seal("secret", "ctx");

    var reread = from(properties(null));

    var file = dataDir.resolve(MasterKeys.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(reread.open(sealed, "ctx")).isEqualTo("secret");
    assertThat(keyCheck.isWritten()).isTrue();
    assertThat(keyCheck.verifyOrWrite(reread)).isEqualTo(KeyCheck.Outcome.VERIFIED);
  }

  @Test
  void refusesToGenerateAKeyForADatabaseAnotherKeySealedAndWritesNoKeyFile() {
    var other = MasterKey.generate();
    keyCheck.verifyOrWrite(other);

    assertThatThrownBy(() -> from(properties(null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "No paynotify.master-key (env PAYNOTIFY_MASTER_KEY) is configured and there is no master "
                + "key file "
                + dataDir.resolve(MasterKeys.FILE_NAME).toAbsolutePath())
        .hasMessageContaining("this database is already sealed with a master key");
    assertThat(dataDir.resolve(MasterKeys.FILE_NAME)).doesNotExist();
  }

  @Test
  void refusesAKeyFileThatDiffersFromTheKeyTheDatabaseWasSealedWithNamingTheProperty()
      throws Exception {
    var sealing = MasterKey.generate();
    keyCheck.verifyOrWrite(sealing);
    var stale = MasterKey.generate();
    Files.writeString(dataDir.resolve(MasterKeys.FILE_NAME), stale.reveal() + "\n");

    assertThatThrownBy(() -> from(properties(null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "paynotify.master-key: the master key differs from the one the database was sealed "
                + "with: key id "
                + stale.id()
                + " does not open its key check (sealed under key id "
                + sealing.id()
                + ")")
        .hasMessageContaining(
            "the master key file " + dataDir.resolve(MasterKeys.FILE_NAME).toAbsolutePath())
        .message()
        .doesNotContain(stale.reveal())
        .doesNotContain(sealing.reveal());
  }

  @Test
  void acceptsANewKeyWithThePreviousOneWhileTheDatabaseIsSealedUnderThePrevious() {
    var previous = MasterKey.generate();
    keyCheck.verifyOrWrite(previous);
    var next = MasterKey.generate();

    var key =
        MasterKeys.from(
            properties(next.reveal()),
            new MasterKeyProperties(List.of(previous.reveal())),
            keyCheck);

    assertThat(key.id()).isEqualTo(next.id());
    assertThat(key.ids()).containsExactly(next.id(), previous.id());
    assertThatThrownBy(() -> from(properties(next.reveal())))
        .hasMessageContaining("paynotify.master-key")
        .hasMessageContaining("differs from the one the database was sealed with");
  }

  @Test
  void refusesAMalformedPreviousKeyNamingItsPlace() {
    assertThatThrownBy(
            () ->
                MasterKeys.from(
                    properties(MasterKey.generate().reveal()),
                    new MasterKeyProperties(List.of("c2hvcnQ=")),
                    keyCheck))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Invalid paynotify.previous-master-keys[0] (env PAYNOTIFY_PREVIOUS_MASTER_KEYS): ");
  }

  @Test
  void refusesAMalformedKeyFileNamingIt() throws Exception {
    Files.writeString(dataDir.resolve(MasterKeys.FILE_NAME), "garbage!\n");

    assertThatThrownBy(() -> from(properties(" ")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "the master key file " + dataDir.resolve(MasterKeys.FILE_NAME).toAbsolutePath())
        .hasMessageContaining("openssl rand -base64 32");
  }
}
