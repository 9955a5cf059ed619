package com.paynotify.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Where issued API tokens live, by hash. Implementations are thread-safe. */
public interface AccessTokenStore {

  void create(AccessToken token);

  /** The token whose hash is {@code tokenHash}, revoked or not. */
  Optional<AccessToken> findByHash(String tokenHash);

  /** Every token, revoked ones included, newest first. */
  List<AccessToken> findAll();

  /**
   * At most {@code limit} tokens in the order of {@link #findAll()}, those after the token {@code
   * afterId} when it is given (none when there is no such token).
   */
  List<AccessToken> findPage(@Nullable String afterId, int limit);

  /** Revokes a token at {@code at}; false if there is no such token or it was revoked already. */
  boolean revoke(String id, Instant at);
}
