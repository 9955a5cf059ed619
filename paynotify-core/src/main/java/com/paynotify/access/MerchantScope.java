package com.paynotify.access;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merchants a token may act for: {@link Every} merchant (what a token is unless scoped), or
 * {@link Only} those listed, whose notifications and stats are all the token can reach.
 */
public sealed interface MerchantScope extends Serializable {
  /** The most merchants one token may be scoped to. */
  int MAX_MERCHANTS = 100;

  MerchantScope EVERY = new Every();

  /** Whether a token of this scope may act for {@code merchantId}. */
  boolean allows(String merchantId);

  /** A scope of exactly {@code merchantIds}; at least one, at most {@value #MAX_MERCHANTS}. */
  static MerchantScope only(Collection<String> merchantIds) {
    return new Only(Set.copyOf(merchantIds));
  }

  /** Every merchant, as an unscoped token has. */
  record Every() implements MerchantScope {
    @Override
    public boolean allows(String merchantId) {
      return true;
    }
  }

  /** Only these merchants. */
  record Only(Set<String> merchantIds) implements MerchantScope {
    public Only {
      if (merchantIds.isEmpty() || merchantIds.size() > MAX_MERCHANTS) {
        throw new IllegalArgumentException(
            "merchantIds: a scope lists 1 to "
                + MAX_MERCHANTS
                + " merchants, got "
                + merchantIds.size());
      }
      merchantIds = Set.copyOf(merchantIds);
    }

    @Override
    public boolean allows(String merchantId) {
      return merchantIds.contains(merchantId);
    }

    /** The ids in a stable order, for storing and showing. */
    public List<String> sorted() {
      return List.copyOf(new TreeSet<>(merchantIds));
    }
  }
}
