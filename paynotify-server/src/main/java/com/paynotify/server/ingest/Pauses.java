package com.paynotify.server.ingest;

import java.time.Duration;

/**
 * How long to wait before the next try of a message the database could not take: {@code initial}
 * after the first failure, doubled after each further one, never more than {@code max}. Stateless,
 * indexed by the number of failures so far (1 for the first).
 */
record Pauses(Duration initial, Duration max) {
  Pauses {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "initial (" + initial + ") must be positive and at most max (" + max + ")");
    }
  }

  Duration after(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures (" + failures + ") must be 1 or more");
    }
    // Past 2^20 times any sane initial exceeds any sane max: stop doubling before it overflows.
    var pause = initial.multipliedBy(1L << Math.min(failures - 1, 20));
    return pause.compareTo(max) > 0 ? max : pause;
  }
}
