package com.paynotify.merchant;

import java.util.Optional;

/**
 * Where a database keeps its key check: one value sealed under the master key, written once by the
 * first node and read by every node that starts after it. Thread-safe.
 */
public interface KeyCheckStore {

  /** The sealed check, or empty when no node has written one yet. */
  Optional<String> find();

  /**
   * Writes the check unless one is stored, atomically: of several nodes writing at once, exactly
   * one wins.
   *
   * @return whether this call wrote it; false when a check was stored already
   */
  boolean insert(String sealed);

  /**
   * Replaces the check, if it is still {@code expected}.
   *
   * @return whether it was replaced; false when the stored check is no longer {@code expected}
   */
  boolean replace(String expected, String sealed);
}
