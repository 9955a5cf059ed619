package com.paynotify.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a notification search, newest first.
 *
 * @param total matches counted, exact up to 10,000 (10,001 means more than that)
 * @param next the cursor of the following page ({@link NotificationSearch#after}), null on the last
 */
public record NotificationPage(
    List<Notification> items, int page, int size, long total, @Nullable String next) {

  public NotificationPage {
    items = List.copyOf(items);
  }
}
