package com.paynotify.notification;

/**
 * What became of one notification of a {@link DeliveryQueue#createAll bulk create}: stored or found
 * ({@link Done}), or refused on its own ({@link Failed}) while the others went ahead.
 */
public sealed interface CreateResult {

  /** The outcome, or the item's own failure thrown. */
  CreateOutcome orThrow();

  /** The notification was stored, or one with its key was already there. */
  record Done(CreateOutcome outcome) implements CreateResult {
    @Override
    public CreateOutcome orThrow() {
      return outcome;
    }
  }

  /** This item alone failed: refused by the database, a conflict, or the store was down. */
  record Failed(RuntimeException error) implements CreateResult {
    @Override
    public CreateOutcome orThrow() {
      throw error;
    }
  }
}
