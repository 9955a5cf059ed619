package com.paynotify.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.merchant.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.junit.jupiter.api.io.TempDir;

class MasterKeysTest {
  @TempDir Path dataDir;

  private PaynotifyProperties properties(String masterKey) {
    return new PaynotifyProperties(null, masterKey, dataDir.toString(), null, null, null);
  }

  @Test
  void usesTheConfiguredKey() {
    var configured = MasterKey.generate();
    var sealed = configured.seal("secret", "ctx");

    var key = MasterKeys.from(properties(configured.reveal()));

    assertThat(key.open(sealed, "ctx")).isEqualTo("secret");
    assertThat(dataDir.resolve(MasterKeys.FILE_NAME)).doesNotExist();
  }

  @Test
  void takesTheKeyFromThePaynotifyMasterKeyEnvironmentVariable() {
    var configured = MasterKey.generate();
    var environment = new SystemEnvironmentPropertySource(
        "env", Map.of("PAYNOTIFY_MASTER_KEY", configured.reveal(), "PAYNOTIFY_DATA_DIR", dataDir.toString()));
    var bound = new Binder(ConfigurationPropertySources.from(environment))
        .bind("paynotify", PaynotifyProperties.class)
        .get();

    var key = MasterKeys.from(bound);

    assertThat(key.open(configured.seal("secret", "ctx"), "ctx")).isEqualTo("secret");
  }

  @Test
  void refusesAMalformedKeyNamingThePropertyWithoutShowingIt() {
    var malformed = "c2hvcnQtc2VjcmV0LWtleQ==";

    assertThatThrownBy(() -> MasterKeys.from(properties(malformed)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Invalid paynotify.master-key (env PAYNOTIFY_MASTER_KEY): master key: must be the base64 "
            + "of 32 bytes (AES-256), got 16 bytes")
        .message().doesNotContain(malformed);
  }

  @Test
  void generatesAnOwnerOnlyKeyFileOnceAndReadsItAfterwards() throws Exception {
    var generated = MasterKeys.from(properties(null));
    var sealed = generated.seal("secret", "ctx");

    var reread = MasterKeys.from(properties(null));

    var file = dataDir.resolve(MasterKeys.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(reread.open(sealed, "ctx")).isEqualTo("secret");
  }

  @Test
  void refusesAMalformedKeyFileNamingIt() throws Exception {
    Files.writeString(dataDir.resolve(MasterKeys.FILE_NAME), "garbage!\n");

    assertThatThrownBy(() -> MasterKeys.from(properties(" ")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the master key file " + dataDir.resolve(MasterKeys.FILE_NAME).toAbsolutePath())
        .hasMessageContaining("openssl rand -base64 32");
  }
}
