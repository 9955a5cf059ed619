package com.paynotify.client;

/** Where a notification's delivery stands. */
public enum NotificationStatus {
  /** Waiting for its first or next attempt. */
  PENDING,
  /** An attempt is in flight. */
  DELIVERING,
  /** The merchant acknowledged it. */
  SUCCEEDED,
  /** Its retry schedule ran out. */
  FAILED,
  /** An operator stopped it. */
  ABANDONED
}
