package com.paynotify.payment;

import static com.paynotify.channel.PaymentStatus.CANCELLED;
import static com.paynotify.channel.PaymentStatus.FAILED;
import static com.paynotify.channel.PaymentStatus.PROCESSING;
import static com.paynotify.channel.PaymentStatus.REFUNDED;
import static com.paynotify.channel.PaymentStatus.REFUNDING;
import static com.paynotify.channel.PaymentStatus.SUCCESS;
import static com.paynotify.channel.PaymentStatus.TIMEOUT;

import com.paynotify.ConflictException;
import com.paynotify.InvalidRequestException;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.Fingerprint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The payment state machine: {@code PROCESSING → SUCCESS | FAILED | CANCELLED | TIMEOUT}, {@code
 * SUCCESS → REFUNDING → REFUNDED}. A partial refund leaves the payment REFUNDED and still
 * refundable (to REFUNDING again, or straight to a further REFUNDED) until the refunds add up to
 * its amount; they never exceed it. Pure: no store, no clock of its own.
 */
public final class PaymentMoves {
  private PaymentMoves() {}

  /** The statuses each status may move to, before refunds are counted. */
  static Set<PaymentStatus> next(PaymentStatus from) {
    return switch (from) {
      case PROCESSING -> EnumSet.of(SUCCESS, FAILED, CANCELLED, TIMEOUT);
      case SUCCESS -> EnumSet.of(REFUNDING);
      case REFUNDING -> EnumSet.of(REFUNDED);
      case REFUNDED -> EnumSet.of(REFUNDING, REFUNDED);
      case FAILED, CANCELLED, TIMEOUT -> EnumSet.noneOf(PaymentStatus.class);
    };
  }

  /**
   * What {@code update} does to {@code current} at {@code now}.
   *
   * @throws InvalidRequestException when a refund would take more than is still refundable
   */
  public static Move decide(Payment current, StatusUpdate update, Instant now) {
    var asked = update.status();
    if (asked == current.status() && !furtherRefund(current, update)) {
      return new Move.Repeat(current);
    }
    if (!next(current.status()).contains(asked)
        || (current.status() == REFUNDED && current.refundable().signum() <= 0)) {
      return new Move.Illegal(current, asked);
    }
    var transactionId =
        update.transactionId() != null ? update.transactionId() : current.transactionId();
    var next =
        switch (asked) {
          case SUCCESS ->
              current.moved(
                  SUCCESS,
                  transactionId,
                  current.refunded(),
                  null,
                  update.paidAt() != null ? update.paidAt() : now,
                  current.refundedAt(),
                  now);
          case REFUNDING -> {
            var announced = update.refundAmount();
            if (announced != null) {
              withinRefundable(current, announced);
            }
            yield current.moved(
                REFUNDING,
                transactionId,
                current.refunded(),
                announced,
                current.paidAt(),
                current.refundedAt(),
                now);
          }
          case REFUNDED -> {
            var refund = refundOf(current, update);
            yield current.moved(
                REFUNDED,
                transactionId,
                current.refunded().add(refund),
                null,
                current.paidAt(),
                update.refundedAt() != null ? update.refundedAt() : now,
                now);
          }
          case FAILED, CANCELLED, TIMEOUT, PROCESSING ->
              current.moved(
                  asked,
                  transactionId,
                  current.refunded(),
                  null,
                  current.paidAt(),
                  current.refundedAt(),
                  now);
        };
    var refundAmount =
        switch (asked) {
          case REFUNDED -> next.refunded().subtract(current.refunded());
          case REFUNDING -> next.refunding();
          default -> null;
        };
    var change =
        new StatusChange(
            current.merchantId(),
            current.paymentId(),
            next.version(),
            current.status(),
            asked,
            refundAmount,
            update.reason(),
            null,
            null,
            now,
            update.idempotencyKey(),
            update.idempotencyKey() == null ? null : fingerprint(update));
    return new Move.Advance(next, change);
  }

  /**
   * The entry of {@code history} made under the update's idempotency key: the update is that move
   * asked again (a redelivered message, a retried request), to be answered as a repeat whatever the
   * payment did since. Empty when the update has no key or no entry holds it.
   *
   * @throws ConflictException when the entry holding the key made another move: another status,
   *     refund, reason, time or transaction id
   */
  public static Optional<StatusChange> madeUnderKey(
      List<StatusChange> history, StatusUpdate update) {
    var key = update.idempotencyKey();
    if (key == null) {
      return Optional.empty();
    }
    var made = history.stream().filter(c -> key.equals(c.idempotencyKey())).findFirst();
    if (made.isPresent() && !fingerprint(update).equals(made.get().fingerprint())) {
      var entry = made.get();
      throw new ConflictException(
          "idempotencyKey "
              + InvalidRequestException.echo(key)
              + " of payment '"
              + entry.paymentId()
              + "' was used for another move: entry "
              + entry.number()
              + " to "
              + entry.to()
              + (entry.refundAmount() == null ? "" : " of " + entry.refundAmount().toPlainString())
              + "; a different move needs a key of its own");
    }
    return made;
  }

  /**
   * A digest of what an update asks for, blind to trailing zeros in its refund: the same update
   * again matches it, one that differs in its status or any field does not.
   */
  public static String fingerprint(StatusUpdate update) {
    return Fingerprint.ofFields(
        Arrays.asList(
            update.status().toString(),
            update.transactionId(),
            update.paidAt() == null ? null : update.paidAt().toString(),
            update.refundAmount() == null ? null : Fingerprint.plain(update.refundAmount()),
            update.refundedAt() == null ? null : update.refundedAt().toString(),
            update.reason()));
  }

  /**
   * Whether an update that the state machine refuses from the payment's current status (an illegal
   * move, or a refund larger than what is still refundable) repeats a move the payment already
   * made: a redelivered or resent message that arrives after the payment has moved past it. It does
   * when an entry of {@code history} moved the payment to the update's status with the update's
   * {@code reason}, and each field the update names is what that move left: its {@code
   * refundAmount} the entry's (a REFUNDING that names none repeats one that announced none), its
   * {@code paidAt}, {@code refundedAt} and {@code transactionId} the payment's. Such an update is
   * answered as a repeat of the current status: nothing changes and nothing is notified. An update
   * to a status the payment never had, or that differs in a field, stays refused. A legal move is
   * never asked here: a partial refund sent again while the payment is still refundable is a
   * further refund, as it would be without this rule.
   */
  public static boolean alreadyMade(
      Payment current, List<StatusChange> history, StatusUpdate update) {
    if (update.paidAt() != null && !update.paidAt().equals(current.paidAt())) {
      return false;
    }
    if (update.refundedAt() != null && !update.refundedAt().equals(current.refundedAt())) {
      return false;
    }
    if (update.transactionId() != null && !update.transactionId().equals(current.transactionId())) {
      return false;
    }
    return history.stream()
        .anyMatch(
            made ->
                made.to() == update.status()
                    && Objects.equals(made.reason(), update.reason())
                    && sameRefund(made, update));
  }

  private static boolean sameRefund(StatusChange made, StatusUpdate update) {
    if (update.refundAmount() == null) {
      return update.status() != REFUNDING || made.refundAmount() == null;
    }
    return made.refundAmount() != null && made.refundAmount().compareTo(update.refundAmount()) == 0;
  }

  /**
   * Whether a REFUNDED update to a partly refunded payment is another refund rather than a repeat
   * of the last: it names an amount or a time, and not the time of the last refund.
   */
  private static boolean furtherRefund(Payment current, StatusUpdate update) {
    if (current.status() != REFUNDED || !current.partlyRefunded()) {
      return false;
    }
    if (update.refundedAt() != null) {
      return !update.refundedAt().equals(current.refundedAt());
    }
    return update.refundAmount() != null;
  }

  /** This refund: as asked, else as announced by REFUNDING, else all that is still refundable. */
  private static BigDecimal refundOf(Payment current, StatusUpdate update) {
    var refund =
        update.refundAmount() != null
            ? update.refundAmount()
            : current.refunding() != null ? current.refunding() : current.refundable();
    withinRefundable(current, refund);
    return refund;
  }

  private static void withinRefundable(Payment current, BigDecimal refund) {
    if (refund.compareTo(current.refundable()) > 0) {
      throw InvalidRequestException.invalid(
          "refundAmount",
          InvalidRequestException.echo(refund.toPlainString())
              + " is more than the "
              + current.refundable().toPlainString()
              + " "
              + current.currency()
              + " still refundable of payment '"
              + current.paymentId()
              + "' ("
              + current.refunded().toPlainString()
              + " of "
              + current.amount().toPlainString()
              + " refunded)");
    }
  }
}
