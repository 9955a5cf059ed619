package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The server does not start on a master key it cannot use, and says why without showing it. */
class MasterKeyStartupTest {

  @Test
  void refusesToStartWithAMalformedMasterKey() {
    var malformed = "dG9vLXNob3J0LXRvLWJlLWEta2V5";
    var application =
        new SpringApplicationBuilder(PaynotifyApplication.class)
            .properties(
                "paynotify.master-key=" + malformed,
                "paynotify.api-token=" + Api.TOKEN,
                "paynotify.data-dir=target/test-data-startup",
                "server.port=0",
                "spring.datasource.url=jdbc:h2:mem:startup;DB_CLOSE_DELAY=-1");

    assertThatThrownBy(() -> application.run().close())
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Invalid paynotify.master-key (env PAYNOTIFY_MASTER_KEY): master key: must be the "
                + "base64 of 32 bytes (AES-256), got 21 bytes")
        .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING)
        .doesNotContain(malformed);
  }
}
