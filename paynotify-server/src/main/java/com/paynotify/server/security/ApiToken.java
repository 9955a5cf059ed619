package com.paynotify.server.security;

import com.paynotify.server.config.OwnerOnlyFile;
import com.paynotify.server.config.PaynotifyProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's bearer token: from {@code paynotify.api-token}, or else generated once into the data
 * directory, in a file created owner-only before the token is written; the log says where it is,
 * never what it is. Compared in constant time.
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
      OwnerOnlyFile.write(file, generated + "\n");
      log.warn(
          "No paynotify.api-token configured: generated one into {} (owner-only); read it from there",
          file.toAbsolutePath());
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

  @Override
  public String toString() {
    return "ApiToken[redacted]";
  }
}
