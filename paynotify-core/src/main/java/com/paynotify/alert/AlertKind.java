package com.paynotify.alert;

/** What an alert is about. At most one alert of a kind is open per merchant (or overall). */
public enum AlertKind {
  /**
   * A notification of the merchant exhausted its schedule; resolved by the merchant's next success.
   */
  NOTIFICATION_FAILED,
  /** The merchant's attempts failed at or above the threshold over the window. */
  FAILURE_RATE,
  /** The oldest due notification has waited longer than the limit; not tied to a merchant. */
  BACKLOG_AGE
}
