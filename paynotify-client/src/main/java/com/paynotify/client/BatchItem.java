package com.paynotify.client;

import org.jspecify.annotations.Nullable;

/**
 * One item's answer in a bulk create, in the order the items were sent: done as a single create
 * would have been, or refused with the status and error a single create would have answered.
 */
public sealed interface BatchItem {

  /** The item was stored, or found stored already. */
  record Done(CreateOutcome outcome) implements BatchItem {}

  /**
   * The item was refused; the other items are not affected.
   *
   * @param status what a single create would have answered: 400, 403, 409 or 422
   * @param field the item's field at fault, when one is
   */
  record Refused(int status, String error, String message, @Nullable String field)
      implements BatchItem {}
}
