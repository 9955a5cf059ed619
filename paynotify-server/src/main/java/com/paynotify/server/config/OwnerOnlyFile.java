package com.paynotify.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new file for a secret the server generated (the API token, the master key): created readable
 * and writable by its owner only before anything is written into it, so the secret is never in a
 * file others may read, not even for a moment.
 */
public final class OwnerOnlyFile {
  private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFile.class);

  private OwnerOnlyFile() {}

  /**
   * Creates {@code file} (and its directories) owner-only and writes {@code content} into it.
   *
   * @throws java.nio.file.FileAlreadyExistsException if it exists: a secret is never overwritten
   */
  public static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      log.warn("Could not make {} readable by its owner only: restrict it by hand", file);
      Files.createFile(file);
    }
    Files.writeString(file, content, StandardOpenOption.WRITE);
  }
}
