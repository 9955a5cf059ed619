package com.paynotify.server.config;

import com.paynotify.merchant.KeyCheck;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.MasterKeyMismatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the master key: {@code paynotify.master-key} (env {@code PAYNOTIFY_MASTER_KEY}), else the
 * {@code master-key} file of the data directory, else, on a database no key has sealed yet, a fresh
 * key written there, owner-only. With {@code paynotify.previous-master-keys} accepted for opening,
 * it must then open the database's {@link KeyCheck} (or write it, on a new database): a node whose
 * key differs does not start, so it never takes work it cannot sign. Messages name where a key came
 * from and its id, never the key.
 */
final class MasterKeys {
  private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);
  static final String FILE_NAME = "master-key";
  private static final String PROPERTY = "paynotify.master-key (env PAYNOTIFY_MASTER_KEY)";

  private MasterKeys() {}

  /** A key and where it came from; {@code generated} is the file written for it now, if it was. */
  private record Found(MasterKey key, String source, @Nullable Path generated) {}

  static MasterKey from(
      PaynotifyProperties properties, MasterKeyProperties rotation, KeyCheck check) {
    var previous = new ArrayList<MasterKey>();
    var previousKeys = rotation.previousMasterKeys();
    for (int i = 0; i < previousKeys.size(); i++) {
      previous.add(
          parse(
              previousKeys.get(i),
              "paynotify.previous-master-keys[" + i + "] (env PAYNOTIFY_PREVIOUS_MASTER_KEYS)"));
    }
    var found = find(properties, check);
    var key = found.key().withPrevious(previous);
    try {
      var outcome = check.verifyOrWrite(key);
      if (outcome == KeyCheck.Outcome.WRITTEN) {
        log.info(
            "Master key {} sealed this database's key check: every node on this database needs that key",
            key.id());
      } else {
        log.info("Master key {} opens this database's key check", key.id());
      }
      return key;
    } catch (MasterKeyMismatchException e) {
      if (found.generated() != null) {
        // Lost the race to seal a new database: the key it wrote opens nothing, so it must not
        // stay.
        deleteQuietly(found.generated());
      }
      throw new IllegalStateException(
          "paynotify.master-key: "
              + e.getMessage()
              + ". This node's key came from "
              + found.source()
              + ". Give every node sharing a database the same paynotify.master-key (env "
              + "PAYNOTIFY_MASTER_KEY); while rotating, the old key goes in paynotify.previous-master-keys. "
              + "This node does not start, so it takes no work.");
    }
  }

  private static Found find(PaynotifyProperties properties, KeyCheck check) {
    var configured = properties.masterKey();
    if (configured != null && !configured.isBlank()) {
      return new Found(parse(configured, PROPERTY), PROPERTY, null);
    }
    var file = Path.of(properties.dataDir()).resolve(FILE_NAME).toAbsolutePath();
    var source = "the master key file " + file + " (no paynotify.master-key configured)";
    try {
      if (Files.exists(file)) {
        return new Found(parse(Files.readString(file), source), source, null);
      }
      if (check.isWritten()) {
        throw new IllegalStateException(
            "No "
                + PROPERTY
                + " is configured and there is no master key file "
                + file
                + ", but this database is already sealed with a master key: a new key would not open its secrets, so none "
                + "was generated. Set paynotify.master-key to the key the other nodes on this database use.");
      }
      var generated = MasterKey.generate();
      OwnerOnlyFile.write(file, generated.reveal() + "\n");
      log.warn(
          "No paynotify.master-key configured: generated one into {} (owner-only). It encrypts every stored "
              + "private key and shared key: back it up, and give all nodes sharing a database the same "
              + "key through PAYNOTIFY_MASTER_KEY.",
          file);
      return new Found(
          generated,
          "a key generated into "
              + file
              + " just now (no paynotify.master-key configured; "
              + "the file is removed again)",
          file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the master key file " + file, e);
    }
  }

  private static MasterKey parse(String text, String source) {
    try {
      return MasterKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Invalid "
              + source
              + ": "
              + e.getMessage()
              + ". Generate one with: openssl rand -base64 32");
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn(
          "Could not delete {}, a master key this database does not accept: delete it by hand",
          file);
    }
  }
}
