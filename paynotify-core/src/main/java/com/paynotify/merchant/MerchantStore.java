package com.paynotify.merchant;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Where merchants live. Thread-safe. */
public interface MerchantStore {

  /**
   * Stores a new merchant.
   *
   * @throws com.paynotify.ConflictException if the id is taken
   */
  void create(Merchant merchant);

  /** Replaces a stored merchant's mutable fields (name, status, hosts, secrets). */
  void update(Merchant merchant);

  Optional<Merchant> find(String id);

  List<Merchant> findAll();

  /** At most {@code limit} merchants by id, those after {@code afterId} when it is given. */
  List<Merchant> findPage(@Nullable String afterId, int limit);
}
