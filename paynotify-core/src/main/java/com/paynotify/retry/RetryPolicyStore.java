package com.paynotify.retry;

import java.util.List;

/** Where operator-defined retry policies are kept, so every node and every restart sees them. */
public interface RetryPolicyStore {

  /** Inserts or replaces a policy by name. */
  void save(RetryPolicy policy);

  List<RetryPolicy> findAll();
}
