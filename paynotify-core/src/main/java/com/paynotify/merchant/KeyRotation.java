package com.paynotify.merchant;

import com.paynotify.ConflictException;
import java.util.List;

/**
 * A master-key rotation as an operator runs it: which keys this node seals and opens with, and the
 * last step, sealing every stored secret again under the current key. Thread-safe.
 */
public final class KeyRotation {
  private final KeyCheck check;
  private final MasterKey key;

  public KeyRotation(KeyCheck check, MasterKey key) {
    this.check = check;
    this.key = key;
  }

  /**
   * Where a rotation stands on this node, by key id only.
   *
   * @param keyId the key new secrets are sealed under
   * @param previousKeyIds the keys this node still opens older secrets with
   * @param checkWritten whether the database holds its key check yet
   */
  public record Status(String keyId, List<String> previousKeyIds, boolean checkWritten) {}

  /** This node's keys, by id, and whether the database's key check is written. */
  public Status status() {
    var ids = key.ids();
    return new Status(key.id(), List.copyOf(ids.subList(1, ids.size())), check.isWritten());
  }

  /**
   * Seals every stored secret again under the current key and rewrites the key check under it,
   * after which the previous keys may be dropped. Safe to repeat and to run on several nodes.
   *
   * @throws ConflictException when the database's check or a stored value needs a key this node
   *     lacks, or no check is written yet
   */
  public KeyCheck.Resealed reseal() {
    try {
      return check.reseal(key);
    } catch (MasterKeyMismatchException | IllegalStateException e) {
      // The check or a stored value does not open under this node's keys: it needs a key it lacks.
      throw new ConflictException(e.getMessage());
    }
  }
}
