package com.paynotify;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list read by {@link PageRequest}: its items in the list's order, and the cursor of
 * the following page, null when this page is the last.
 */
public record KeysetPage<T>(List<T> items, @Nullable String next) {

  public KeysetPage {
    items = List.copyOf(items);
  }

  /**
   * The page from up to {@code limit + 1} items read in order: the extra item, when there is one,
   * only tells that another page follows, whose cursor is the last kept item's key.
   */
  public static <T> KeysetPage<T> of(List<T> readOneMore, int limit, Function<T, String> key) {
    if (readOneMore.size() <= limit) {
      return new KeysetPage<>(readOneMore, null);
    }
    var kept = readOneMore.subList(0, limit);
    return new KeysetPage<>(kept, key.apply(kept.getLast()));
  }

  /** The same page with each item mapped, for an answer that shows items in another form. */
  public <R> KeysetPage<R> map(Function<T, R> mapper) {
    return new KeysetPage<>(items.stream().map(mapper).toList(), next);
  }
}
