package com.paynotify.client;

/**
 * What a payment event says; only these statuses are notified (the server refuses the others with
 * 422).
 */
public enum PaymentStatus {
  SUCCESS,
  FAILED,
  CANCELLED,
  TIMEOUT,
  REFUNDED
}
