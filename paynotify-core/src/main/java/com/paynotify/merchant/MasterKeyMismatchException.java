package com.paynotify.merchant;

import com.paynotify.PaynotifyException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A node's master key does not open what the database was sealed with: the node must not start, as
 * every secret it reads would fail to open. The message names the keys by id only.
 */
public final class MasterKeyMismatchException extends PaynotifyException {
  private final List<String> nodeKeyIds;
  private final @Nullable String sealedKeyId;

  MasterKeyMismatchException(MasterKey key, @Nullable String sealedKeyId, String what) {
    super(message(key, sealedKeyId, what));
    this.nodeKeyIds = key.ids();
    this.sealedKeyId = sealedKeyId;
  }

  private static String message(MasterKey key, @Nullable String sealedKeyId, String what) {
    var one = key.ids().size() == 1;
    return (one ? "the master key differs" : "the master keys differ")
        + " from the one the database was sealed with: key "
        + (one ? "id " : "ids ")
        + String.join(", ", key.ids())
        + (one ? " does" : " do")
        + " not open "
        + what
        + (sealedKeyId == null ? "" : " (sealed under key id " + sealedKeyId + ")");
  }

  /** The ids of the keys the node has, its sealing key first. */
  public List<String> nodeKeyIds() {
    return nodeKeyIds;
  }

  /**
   * The id of the key the database's value names, or null when it is of a format that names none.
   */
  public @Nullable String sealedKeyId() {
    return sealedKeyId;
  }
}
