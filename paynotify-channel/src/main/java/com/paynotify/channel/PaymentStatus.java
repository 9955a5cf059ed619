package com.paynotify.channel;

/**
 * What a payment event says about the payment. Only final states are notified: {@link #PROCESSING}
 * and {@link #REFUNDING} are still moving, so a callback for them would be a promise nobody keeps.
 */
public enum PaymentStatus {
  SUCCESS,
  FAILED,
  CANCELLED,
  TIMEOUT,
  REFUNDED,
  PROCESSING,
  REFUNDING;

  /** Whether a notification may be sent for this status. */
  public boolean notifiable() {
    return this != PROCESSING && this != REFUNDING;
  }
}
