package com.paynotify.notification;

import java.util.List;

/** One page of a search, with the total number of matches. */
public record Page<T>(List<T> items, int page, int size, long total) {

  public Page {
    items = List.copyOf(items);
  }
}
