package com.paynotify.payment;

import com.paynotify.ConflictException;
import com.paynotify.IdempotencyKey;
import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.CallbackHeaders;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.Notification;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import org.jspecify.annotations.Nullable;

/**
 * Record payments and move their status ({@link PaymentMoves}); a move to a notified status creates
 * its notification in the same transaction, through the engine's create checks ({@link
 * NotificationIntake}), and so in its order's turn: a refund's notification is not sent before the
 * payment's own was acknowledged.
 */
public final class Payments {
  static final int MAX_ID_LENGTH = 64;
  static final int MAX_REASON_LENGTH = 500;
  private static final int MAX_TRIES = 5;

  private final PaymentStore store;
  private final NotificationIntake intake;
  private final InstantSource clock;

  public Payments(PaymentStore store, NotificationIntake intake, InstantSource clock) {
    this.store = store;
    this.intake = intake;
    this.clock = clock;
  }

  /**
   * Records a payment, PROCESSING unless the request says otherwise; recorded as a notified status,
   * its notification is created with it. The same payment recorded again under its id is returned
   * as it is.
   *
   * @throws InvalidRequestException naming the field that is wrong
   * @throws ConflictException when the id is already a different payment's
   */
  public Recorded create(PaymentRequest request) {
    text("paymentId", request.paymentId(), MAX_ID_LENGTH);
    var status = request.status() == null ? PaymentStatus.PROCESSING : request.status();
    if (status == PaymentStatus.REFUNDING || status == PaymentStatus.REFUNDED) {
      throw InvalidRequestException.invalid(
          "status",
          "a payment is recorded as PROCESSING, SUCCESS, FAILED, CANCELLED "
              + "or TIMEOUT; a refund is a status update of a SUCCESS payment");
    }
    if (request.paidAt() != null && status != PaymentStatus.SUCCESS) {
      throw InvalidRequestException.invalid(
          "paidAt", "only a SUCCESS payment has been paid, this one is " + status);
    }
    // A notification's own checks, so a header HTTP or the wire format owns is refused now.
    var headers = CallbackHeaders.check("headers", request.headers());
    var now = now();
    var payment =
        new Payment(
            request.paymentId(),
            request.merchantId(),
            request.orderNo(),
            request.transactionId(),
            request.channel(),
            request.amount(),
            request.currency(),
            request.notifyUrl(),
            status,
            BigDecimal.ZERO,
            null,
            status == PaymentStatus.SUCCESS
                ? (request.paidAt() != null ? request.paidAt() : now)
                : null,
            null,
            request.extra(),
            headers,
            request.retryPolicy(),
            now,
            now,
            0);
    var recorded =
        new StatusChange(
            payment.merchantId(),
            payment.paymentId(),
            0,
            null,
            status,
            null,
            null,
            null,
            null,
            now);
    // Every field checked as a notification of this payment would be, also when this status
    // notifies
    // nobody yet: a bad URL or an unknown merchant is refused now, not at the first notified move.
    var probe =
        new StatusChange(
            payment.merchantId(),
            payment.paymentId(),
            0,
            null,
            PaymentStatus.SUCCESS,
            null,
            null,
            null,
            null,
            now);
    asPaymentField(() -> intake.prepare(PaymentNotices.requestFor(payment, probe)));
    Notification notification = null;
    Notice notice = new Notice.Silent();
    if (status.notifiable()) {
      try {
        notification = intake.prepare(PaymentNotices.requestFor(payment, recorded));
      } catch (InvalidRequestException e) {
        if (!e.field().equals("paymentStatus")) {
          throw e;
        }
        notice = new Notice.Refused(e.getMessage());
        recorded = recorded.withNotification(null, e.getMessage());
      }
    }
    return switch (store.create(payment, recorded, notification)) {
      case PaymentStore.Written(var stored, var change, var outcome) ->
          new Recorded.Created(stored, change, settled(notice, outcome));
      case PaymentStore.Taken(var existing) -> {
        if (!sameRecord(existing, payment)) {
          throw new ConflictException(
              "payment '"
                  + payment.paymentId()
                  + "' of merchant '"
                  + payment.merchantId()
                  + "' is already recorded for order '"
                  + existing.orderNo()
                  + "', "
                  + existing.amount().toPlainString()
                  + " "
                  + existing.currency()
                  + " by "
                  + existing.channel());
        }
        yield new Recorded.Existing(existing);
      }
      case PaymentStore.Stale stale -> throw new IllegalStateException("a create is never stale");
    };
  }

  /**
   * Moves a payment to the update's status. An update under an idempotency key that an entry of the
   * payment's history holds is that move again and changes nothing, whatever the payment did since
   * ({@link PaymentMoves#madeUnderKey}); two concurrent ones write once, the other answered as the
   * repeat. Otherwise, repeating its current status changes nothing, and so does repeating a move
   * the payment has already made and moved past ({@link PaymentMoves#alreadyMade}: the same target
   * status and fields as an entry of its history), so that a message delivered again after the
   * payment moved on is not refused; any other move the state machine does not have is refused
   * naming both statuses.
   *
   * @throws NotFoundException if the merchant has no such payment
   * @throws ConflictException for a move the state machine does not allow, or an idempotency key
   *     that another move of the payment was made under
   * @throws InvalidRequestException naming the field that is wrong
   */
  public MoveOutcome move(String paymentId, StatusUpdate update) {
    text("merchantId", update.merchantId(), MAX_ID_LENGTH);
    text("paymentId", paymentId, MAX_ID_LENGTH);
    check(update);
    for (int tries = 0; tries < MAX_TRIES; tries++) {
      var current =
          store
              .find(update.merchantId(), paymentId)
              .orElseThrow(() -> new NotFoundException("payment", paymentId));
      if (update.refundAmount() != null) {
        amount("refundAmount", update.refundAmount(), current.currency());
      }
      if (update.idempotencyKey() != null
          && PaymentMoves.madeUnderKey(
                  store.history(current.merchantId(), current.paymentId()), update)
              .isPresent()) {
        return new MoveOutcome.Unchanged(current);
      }
      Move move;
      try {
        move = PaymentMoves.decide(current, update, now());
      } catch (InvalidRequestException e) {
        // A refund larger than what is left may be one already made, sent again.
        if ("refundAmount".equals(e.field()) && alreadyMade(current, update)) {
          return new MoveOutcome.Unchanged(current);
        }
        throw e;
      }
      switch (move) {
        case Move.Repeat repeat -> {
          return new MoveOutcome.Unchanged(repeat.current());
        }
        case Move.Illegal illegal when alreadyMade(illegal.current(), update) -> {
          return new MoveOutcome.Unchanged(illegal.current());
        }
        case Move.Illegal illegal ->
            throw new ConflictException(
                "payment '"
                    + paymentId
                    + "' is "
                    + describe(illegal.current())
                    + " and cannot move to "
                    + illegal.asked()
                    + "; from "
                    + illegal.current().status()
                    + " it may move to "
                    + allowed(illegal.current()));
        case Move.Advance(var next, var decided) -> {
          var change = decided;
          Notification notification = null;
          Notice notice = new Notice.Silent();
          if (change.to().notifiable()) {
            try {
              notification = intake.prepare(PaymentNotices.requestFor(next, change));
            } catch (InvalidRequestException e) {
              // The payment did move; only its notification cannot be sent, and the answer says
              // why.
              notice = new Notice.Refused(e.getMessage());
              change = change.withNotification(null, e.getMessage());
            }
          }
          switch (store.move(current, next, change, notification)) {
            case PaymentStore.Written(var stored, var written, var outcome) -> {
              return new MoveOutcome.Moved(stored, written, settled(notice, outcome));
            }
            case PaymentStore.Stale stale -> {
              // Another update came first, perhaps the same one under the same key: decide again
              // from what it left.
            }
            case PaymentStore.Taken taken ->
                throw new IllegalStateException("a move never finds its payment taken");
          }
        }
      }
    }
    throw new ConflictException("payment '" + paymentId + "' is changing too fast; try again");
  }

  /** See {@link PaymentMoves#alreadyMade}; the history is read only for a refused update. */
  private boolean alreadyMade(Payment current, StatusUpdate update) {
    return PaymentMoves.alreadyMade(
        current, store.history(current.merchantId(), current.paymentId()), update);
  }

  /**
   * @throws NotFoundException if the merchant has no such payment
   */
  public PaymentDetails get(String merchantId, String paymentId) {
    var payment =
        store
            .find(merchantId, paymentId)
            .orElseThrow(() -> new NotFoundException("payment", paymentId));
    return new PaymentDetails(
        payment, store.history(merchantId, paymentId), store.notifications(merchantId, paymentId));
  }

  /** The notice as stored, the engine told of a new notification now that it is committed. */
  private Notice settled(Notice asked, @Nullable CreateOutcome outcome) {
    return switch (outcome) {
      case null -> asked;
      case CreateOutcome.Created created -> {
        intake.stored(created.notification());
        yield new Notice.Queued(created.notification(), true);
      }
      case CreateOutcome.Existing existing -> new Notice.Queued(existing.notification(), false);
    };
  }

  private static void check(StatusUpdate update) {
    var status = update.status();
    if (update.transactionId() != null) {
      text("transactionId", update.transactionId(), MAX_ID_LENGTH);
    }
    if (update.idempotencyKey() != null) {
      IdempotencyKey.check("idempotencyKey", update.idempotencyKey());
    }
    if (update.reason() != null && update.reason().length() > MAX_REASON_LENGTH) {
      throw InvalidRequestException.invalid(
          "reason",
          "at most " + MAX_REASON_LENGTH + " characters, got " + update.reason().length());
    }
    if (update.paidAt() != null && status != PaymentStatus.SUCCESS) {
      throw InvalidRequestException.invalid(
          "paidAt", "only a move to SUCCESS carries paidAt, not one to " + status);
    }
    if (update.refundAmount() != null
        && status != PaymentStatus.REFUNDING
        && status != PaymentStatus.REFUNDED) {
      throw InvalidRequestException.invalid(
          "refundAmount",
          "only a move to REFUNDING or REFUNDED carries a refund amount, not one to " + status);
    }
    if (update.refundedAt() != null && status != PaymentStatus.REFUNDED) {
      throw InvalidRequestException.invalid(
          "refundedAt", "only a move to REFUNDED carries refundedAt, not one to " + status);
    }
  }

  private static void amount(String field, BigDecimal amount, String currencyCode) {
    if (amount.precision() > 32 || Math.abs((long) amount.scale()) > 32) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(amount)
              + " is out of range; write a plain decimal like 100.00");
    }
    if (amount.signum() <= 0) {
      throw InvalidRequestException.invalid(
          field,
          "must be greater than 0, got " + InvalidRequestException.echo(amount.toPlainString()));
    }
    int digits = Math.max(Currency.getInstance(currencyCode).getDefaultFractionDigits(), 0);
    if (amount.stripTrailingZeros().scale() > digits) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(amount.toPlainString())
              + " has more than "
              + digits
              + " decimal places for "
              + currencyCode);
    }
  }

  private static void text(String field, @Nullable String value, int max) {
    if (value == null || value.isBlank()) {
      throw InvalidRequestException.missing(field);
    }
    if (value.length() > max) {
      throw InvalidRequestException.invalid(
          field, "at most " + max + " characters, got " + value.length());
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid(field, "must not contain control characters");
    }
  }

  /**
   * The notification's checks in the payment's words: its {@code paymentStatus} is the payment's
   * {@code status}.
   */
  private static <T> T asPaymentField(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidRequestException e) {
      if (e.field().equals("paymentStatus")) {
        throw InvalidRequestException.invalid(
            "status", e.getMessage().substring("paymentStatus: ".length()));
      }
      throw e;
    }
  }

  private static boolean sameRecord(Payment a, Payment b) {
    return a.orderNo().equals(b.orderNo())
        && a.channel() == b.channel()
        && a.amount().compareTo(b.amount()) == 0
        && a.currency().equals(b.currency())
        && a.notifyUrl().equals(b.notifyUrl());
  }

  private static String describe(Payment p) {
    return p.partlyRefunded()
        ? "REFUNDED ("
            + p.refunded().toPlainString()
            + " of "
            + p.amount().toPlainString()
            + " refunded)"
        : p.status().name();
  }

  private static String allowed(Payment p) {
    var next = PaymentMoves.next(p.status());
    if (p.status() == PaymentStatus.REFUNDED && p.refundable().signum() <= 0) {
      return "nothing: it is fully refunded";
    }
    return next.isEmpty() ? "nothing: " + p.status() + " is final" : next.toString();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
