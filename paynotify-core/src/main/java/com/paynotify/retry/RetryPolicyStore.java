package com.paynotify.retry;

import java.util.List;
import java.util.Optional;

/** Where operator-defined retry policies are kept, so every node and every restart sees them. */
public interface RetryPolicyStore {

  /** Inserts or replaces a policy by name. */
  void save(RetryPolicy policy);

  List<RetryPolicy> findAll();

  /** The stored policy of that name; policies are few, so by default it is picked from all. */
  default Optional<RetryPolicy> find(String name) {
    return findAll().stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
