package com.paynotify.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.paynotify.server.config.PaynotifyProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ApiTokenTest {
  @TempDir Path dataDir;

  @Test
  void generatesTheTokenIntoAnOwnerOnlyFileAndLogsWhereItIsButNeverTheToken() throws Exception {
    var events = new ListAppender<ILoggingEvent>();
    events.start();
    var root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(events);

    ApiToken generated;
    try {
      generated =
          ApiToken.from(
              new PaynotifyProperties(null, null, dataDir.toString(), null, null, null, null));
    } finally {
      root.detachAppender(events);
    }

    var file = dataDir.resolve(ApiToken.FILE_NAME);
    var token = Files.readString(file).strip();
    assertThat(token).startsWith("pn_");
    assertThat(generated.matches(token)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(events.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(message -> assertThat(message).contains(file.toAbsolutePath().toString()))
        .allSatisfy(
            message ->
                assertThat(message).doesNotContain(token).doesNotContain(token.substring(3)));
  }

  @Test
  void readsTheGeneratedTokenBackOnTheNextStart() throws Exception {
    var properties =
        new PaynotifyProperties(null, null, dataDir.toString(), null, null, null, null);
    ApiToken.from(properties);
    var file = dataDir.resolve(ApiToken.FILE_NAME);
    var token = Files.readString(file).strip();

    var reread = ApiToken.from(properties);

    assertThat(reread.matches(token)).isTrue();
    assertThat(Files.readString(file).strip()).isEqualTo(token);
  }
}
