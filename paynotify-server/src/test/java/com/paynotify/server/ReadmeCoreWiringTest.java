package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.Paynotify;
import com.paynotify.delivery.MerchantCredentials;
import com.paynotify.http.HttpClient5Transport;
import com.paynotify.merchant.KeyCheck;
import com.paynotify.merchant.MasterKey;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.store.jdbc.JdbcChannelCredentialStore;
import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcKeyCheckStore;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.store.jdbc.JdbcNotificationReports;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.store.jdbc.JdbcSealedSecrets;
import com.paynotify.testkit.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's "core without Spring" snippet is this class's {@link #wire} body, line for line, so
 * it compiles and runs as printed.
 */
class ReadmeCoreWiringTest {
  /** The one line that differs: a test has no such environment variable. */
  private static final String README_KEY = "System.getenv(\"PAYNOTIFY_MASTER_KEY\")";

  private static final String TEST_KEY = "masterKeyText";

  @Test
  void theReadmeSnippetIsTheWiringThisTestRuns() throws IOException {
    var readme = Files.readString(Path.of("../README.md"));
    var source =
        Files.readString(Path.of("src/test/java/com/paynotify/server/ReadmeCoreWiringTest.java"));

    var printed = between(readme, "The core is usable without Spring", "```java\n", "```");
    // Split, so that these markers are not found in this line instead of around the snippet.
    var compiled =
        between(source, "// README" + " begins", "\n", "// README" + " ends").stripIndent();

    assertThat(printed.replace(README_KEY, TEST_KEY)).isEqualTo(compiled);
  }

  @Test
  void theWiredEngineStartsAnswersAndCloses() {
    try (var database = TestDatabases.h2()) {
      var paynotify = wire(database.dataSource(), MasterKey.generate().reveal());

      var healthyWhileRunning = paynotify.healthy();
      var found =
          paynotify.search(new NotificationQuery(null, null, null, null, null, null, 0, 10));
      paynotify.close();

      assertThat(healthyWhileRunning).isTrue();
      assertThat(found.items()).isEmpty();
      assertThat(paynotify.healthy()).as("closed").isFalse();
    }
  }

  private static Paynotify wire(DataSource dataSource, String masterKeyText) {
    // README begins
    JdbcSchema.migrate(dataSource);
    var masterKey = MasterKey.parse(masterKeyText);
    new KeyCheck(new JdbcKeyCheckStore(dataSource), new JdbcSealedSecrets(dataSource))
        .verifyOrWrite(masterKey);
    var merchants = new JdbcMerchantStore(dataSource, masterKey);
    var credentials =
        new MerchantCredentials(
            merchants,
            new JdbcChannelCredentialStore(dataSource, masterKey),
            InstantSource.system(),
            MerchantCredentials.DEFAULT_CACHE_TTL);
    var paynotify =
        Paynotify.builder(
                new JdbcDeliveryQueue(dataSource),
                new JdbcNotificationReports(dataSource),
                merchants,
                credentials)
            .transport(HttpClient5Transport::new)
            .build();
    paynotify.start(); // and paynotify.close() on shutdown
    // README ends
    return paynotify;
  }

  /** The text after {@code anchor} that runs from the end of {@code open} to {@code close}. */
  private static String between(String text, String anchor, String open, String close) {
    int from = text.indexOf(open, text.indexOf(anchor)) + open.length();
    return text.substring(from, text.indexOf(close, from));
  }
}
