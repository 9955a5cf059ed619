package com.paynotify.notification;

/** Where a notification is in its life. */
public enum NotificationStatus {
  /** Waiting for its first or next attempt. */
  PENDING,
  /** An attempt is in flight, under a lease. */
  DELIVERING,
  /** The merchant acknowledged it. */
  SUCCEEDED,
  /** The retry schedule ran out. */
  FAILED,
  /** An operator stopped it. */
  ABANDONED;

  /**
   * Whether no further attempt is scheduled. An operator may still retry a FAILED or ABANDONED one.
   */
  public boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == ABANDONED;
  }

  /**
   * Whether an operator may retry a notification in this status: any but one the merchant
   * acknowledged.
   */
  public boolean retryable() {
    return this != SUCCEEDED;
  }
}
