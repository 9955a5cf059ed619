package com.paynotify.server.config;

import com.paynotify.merchant.MasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the master key: {@code paynotify.master-key} (env {@code PAYNOTIFY_MASTER_KEY}), else the
 * {@code master-key} file of the data directory, else a fresh key written there, owner-only. A
 * malformed key stops the start with a message that names where it came from and never shows it.
 */
final class MasterKeys {
  private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);
  static final String FILE_NAME = "master-key";

  private MasterKeys() {}

  static MasterKey from(PaynotifyProperties properties) {
    var configured = properties.masterKey();
    if (configured != null && !configured.isBlank()) {
      return parse(configured, "paynotify.master-key (env PAYNOTIFY_MASTER_KEY)");
    }
    var file = Path.of(properties.dataDir()).resolve(FILE_NAME).toAbsolutePath();
    try {
      if (Files.exists(file)) {
        return parse(Files.readString(file), "the master key file " + file);
      }
      var generated = MasterKey.generate();
      Files.createDirectories(file.getParent());
      createOwnerOnly(file);
      Files.writeString(file, generated.reveal() + "\n", StandardOpenOption.WRITE);
      log.warn(
          "No paynotify.master-key configured: generated one into {} (owner-only). It encrypts every stored "
              + "private key and shared key: back it up, and give all nodes sharing a database the same "
              + "key through PAYNOTIFY_MASTER_KEY.",
          file);
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the master key file " + file, e);
    }
  }

  private static MasterKey parse(String text, String source) {
    try {
      return MasterKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Invalid " + source + ": " + e.getMessage()
          + ". Generate one with: openssl rand -base64 32");
    }
  }

  /** Creates the file readable by its owner only before anything is written into it. */
  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      log.warn("Could not make {} readable by its owner only: restrict it by hand", file);
      Files.createFile(file);
    }
  }
}
