package com.paynotify.server.security;

import com.paynotify.server.config.PaynotifyProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's bearer token: from {@code paynotify.api-token}, or else generated once into the data
 * directory (owner-only file) and logged that one time. Compared in constant time.
 */
public final class ApiToken {
  private static final Logger log = LoggerFactory.getLogger(ApiToken.class);
  static final String FILE_NAME = "api-token";

  private final byte[] token;

  private ApiToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  public static ApiToken from(PaynotifyProperties properties) {
    var configured = properties.apiToken();
    if (configured != null && !configured.isBlank()) {
      return new ApiToken(configured.strip());
    }
    var file = Path.of(properties.dataDir()).resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return new ApiToken(Files.readString(file).strip());
      }
      var generated = generate();
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated + "\n");
      restrict(file);
      log.warn("No paynotify.api-token configured: generated one and saved it in {}. API token (shown once): {}", file, generated);
      return new ApiToken(generated);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the API token file " + file, e);
    }
  }

  /** Whether the presented token is this one, in time independent of where they differ. */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  private static String generate() {
    var bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "pn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      log.debug("Could not restrict permissions of {}", file);
    }
  }

  @Override
  public String toString() {
    return "ApiToken[redacted]";
  }
}
