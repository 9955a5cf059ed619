package com.paynotify.payment;

import static com.paynotify.channel.PaymentStatus.CANCELLED;
import static com.paynotify.channel.PaymentStatus.FAILED;
import static com.paynotify.channel.PaymentStatus.PROCESSING;
import static com.paynotify.channel.PaymentStatus.REFUNDED;
import static com.paynotify.channel.PaymentStatus.REFUNDING;
import static com.paynotify.channel.PaymentStatus.SUCCESS;
import static com.paynotify.channel.PaymentStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.ConflictException;
import com.paynotify.InvalidRequestException;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentMovesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PROCESSING, SUCCESS",
    "PROCESSING, FAILED",
    "PROCESSING, CANCELLED",
    "PROCESSING, TIMEOUT",
    "SUCCESS, REFUNDING",
    "REFUNDING, REFUNDED"
  })
  void movesAlongTheStateMachine(PaymentStatus from, PaymentStatus to) {
    var move = PaymentMoves.decide(payment(from), StatusUpdate.to("m1", to), T1);

    assertThat(move)
        .isInstanceOfSatisfying(
            Move.Advance.class,
            advance -> {
              assertThat(advance.next().status()).isEqualTo(to);
              assertThat(advance.next().version()).isEqualTo(1);
              assertThat(advance.next().updatedAt()).isEqualTo(T1);
              assertThat(advance.change().from()).isEqualTo(from);
              assertThat(advance.change().to()).isEqualTo(to);
              assertThat(advance.change().number()).isEqualTo(1);
            });
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PROCESSING, REFUNDING", "PROCESSING, REFUNDED", "SUCCESS, PROCESSING", "SUCCESS, FAILED",
        "SUCCESS, REFUNDED",
    "FAILED, SUCCESS", "CANCELLED, SUCCESS", "TIMEOUT, SUCCESS", "REFUNDING, SUCCESS",
        "FAILED, PROCESSING"
  })
  void refusesAMoveTheStateMachineDoesNotHave(PaymentStatus from, PaymentStatus to) {
    var move = PaymentMoves.decide(payment(from), StatusUpdate.to("m1", to), T1);

    assertThat(move).isEqualTo(new Move.Illegal(payment(from), to));
  }

  @ParameterizedTest
  @CsvSource({"PROCESSING", "SUCCESS", "FAILED", "CANCELLED", "TIMEOUT", "REFUNDING"})
  void repeatingTheCurrentStatusChangesNothing(PaymentStatus status) {
    var current = payment(status);

    assertThat(PaymentMoves.decide(current, StatusUpdate.to("m1", status), T1))
        .isEqualTo(new Move.Repeat(current));
  }

  @Test
  void aSuccessIsPaidWhenReportedUnlessTheUpdateSaysWhen() {
    var reported =
        (Move.Advance) PaymentMoves.decide(payment(PROCESSING), StatusUpdate.to("m1", SUCCESS), T1);
    var paidAt = T0.plusSeconds(5);
    var told =
        (Move.Advance)
            PaymentMoves.decide(
                payment(PROCESSING),
                new StatusUpdate("m1", SUCCESS, "TX-9", paidAt, null, null, "paid"),
                T1);

    assertThat(reported.next().paidAt()).isEqualTo(T1);
    assertThat(told.next().paidAt()).isEqualTo(paidAt);
    assertThat(told.next().transactionId()).isEqualTo("TX-9");
    assertThat(told.change().reason()).isEqualTo("paid");
  }

  @Test
  void aNotifiedMoveTellsTheMerchantThePaymentsOwnTimesAndHeaders() {
    var paidAt = T0.plusSeconds(5);
    var paid =
        (Move.Advance)
            PaymentMoves.decide(
                payment(PROCESSING),
                new StatusUpdate("m1", SUCCESS, "TX-9", paidAt, null, null, null),
                T1);
    var withHeaders =
        new Payment(
            paid.next().paymentId(),
            paid.next().merchantId(),
            paid.next().orderNo(),
            paid.next().transactionId(),
            paid.next().channel(),
            paid.next().amount(),
            paid.next().currency(),
            paid.next().notifyUrl(),
            paid.next().status(),
            paid.next().refunded(),
            paid.next().refunding(),
            paid.next().paidAt(),
            paid.next().refundedAt(),
            paid.next().extra(),
            Map.of("X-Shop-Route", "eu-1"),
            paid.next().retryPolicy(),
            paid.next().createdAt(),
            paid.next().updatedAt(),
            paid.next().version());

    var request = PaymentNotices.requestFor(withHeaders, paid.change());

    assertThat(request.paidAt()).isEqualTo(paidAt);
    assertThat(request.refundedAt()).isNull();
    assertThat(request.headers()).containsEntry("X-Shop-Route", "eu-1");
  }

  @Test
  void aPartialRefundLeavesThePaymentRefundableUpToItsAmount() {
    var refunding =
        advance(
            payment(SUCCESS), StatusUpdate.to("m1", REFUNDING).refunding(new BigDecimal("30.00")));
    var partly = advance(refunding, StatusUpdate.to("m1", REFUNDED));

    assertThat(partly.status()).isEqualTo(REFUNDED);
    assertThat(partly.refunded()).isEqualByComparingTo("30.00");
    assertThat(partly.partlyRefunded()).isTrue();
    assertThat(partly.refundable()).isEqualByComparingTo("70.00");

    var rest =
        (Move.Advance)
            PaymentMoves.decide(
                partly, StatusUpdate.to("m1", REFUNDED).refunding(new BigDecimal("70.00")), T1);
    assertThat(rest.next().refunded()).isEqualByComparingTo("100.00");
    assertThat(rest.change().refundAmount()).isEqualByComparingTo("70.00");
    assertThat(rest.next().partlyRefunded()).isFalse();
  }

  @Test
  void aRefundWithoutAnAmountTakesWhatRefundingAnnouncedOrElseAllThatIsLeft() {
    var announced =
        advance(
            advance(
                payment(SUCCESS),
                StatusUpdate.to("m1", REFUNDING).refunding(new BigDecimal("25.00"))),
            StatusUpdate.to("m1", REFUNDED));
    var all =
        advance(
            advance(payment(SUCCESS), StatusUpdate.to("m1", REFUNDING)),
            StatusUpdate.to("m1", REFUNDED));

    assertThat(announced.refunded()).isEqualByComparingTo("25.00");
    assertThat(all.refunded()).isEqualByComparingTo("100.00");
  }

  @Test
  void refundsTogetherNeverExceedTheAmount() {
    var partly =
        advance(
            advance(payment(SUCCESS), StatusUpdate.to("m1", REFUNDING)),
            StatusUpdate.to("m1", REFUNDED).refunding(new BigDecimal("60.00")));

    assertThatThrownBy(
            () ->
                PaymentMoves.decide(
                    partly, StatusUpdate.to("m1", REFUNDED).refunding(new BigDecimal("40.01")), T1))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("refundAmount"))
        .hasMessageContaining("40.00 CNY still refundable");
    assertThatThrownBy(
            () ->
                PaymentMoves.decide(
                    payment(SUCCESS),
                    StatusUpdate.to("m1", REFUNDING).refunding(new BigDecimal("100.01")),
                    T1))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aFullyRefundedPaymentRefundsNoMore() {
    var full =
        advance(
            advance(payment(SUCCESS), StatusUpdate.to("m1", REFUNDING)),
            StatusUpdate.to("m1", REFUNDED));

    assertThat(PaymentMoves.decide(full, StatusUpdate.to("m1", REFUNDING), T1))
        .isInstanceOf(Move.Illegal.class);
    assertThat(PaymentMoves.decide(full, StatusUpdate.to("m1", REFUNDED), T1))
        .isEqualTo(new Move.Repeat(full));
  }

  @Test
  void aRefundedUpdateRepeatingTheLastRefundsTimeIsARepeatNotAFurtherRefund() {
    var refundedAt = T0.plusSeconds(30);
    var partly =
        advance(
            advance(payment(SUCCESS), StatusUpdate.to("m1", REFUNDING)),
            new StatusUpdate(
                "m1", REFUNDED, null, null, new BigDecimal("10.00"), refundedAt, null));
    var replay =
        new StatusUpdate("m1", REFUNDED, null, null, new BigDecimal("10.00"), refundedAt, null);

    assertThat(PaymentMoves.decide(partly, replay, T1)).isEqualTo(new Move.Repeat(partly));
    assertThat(PaymentMoves.decide(partly, StatusUpdate.to("m1", REFUNDED), T1))
        .isEqualTo(new Move.Repeat(partly));
    assertThat(PaymentMoves.decide(partly, StatusUpdate.to("m1", REFUNDING), T1))
        .isInstanceOf(Move.Advance.class);
  }

  @Test
  void givenAPaymentMovedPastSuccessWhenTheSameSuccessArrivesAgainThenItIsAMoveAlreadyMade() {
    // given PROCESSING -> SUCCESS (paid at T0+5s, reason "paid") -> REFUNDING
    var paidAt = T0.plusSeconds(5);
    var success = new StatusUpdate("m1", SUCCESS, "tx-1", paidAt, null, null, "paid");
    var history = new ArrayList<StatusChange>();
    history.add(recording(PROCESSING));
    var paid = made(payment(PROCESSING), success, history);
    var refunding = made(paid, StatusUpdate.to("m1", REFUNDING), history);

    // when the SUCCESS is delivered again, the state machine alone refuses it
    assertThat(PaymentMoves.decide(refunding, success, T1)).isInstanceOf(Move.Illegal.class);
    // then its history shows it was made, with the same fields, bare or in full
    assertThat(PaymentMoves.alreadyMade(refunding, history, success)).isTrue();
    assertThat(PaymentMoves.alreadyMade(refunding, history, StatusUpdate.to("m1", SUCCESS)))
        .isFalse(); // the reason "paid" is part of the move
    assertThat(
            PaymentMoves.alreadyMade(
                refunding,
                history,
                new StatusUpdate("m1", SUCCESS, null, null, null, null, "paid")))
        .isTrue();
  }

  @Test
  void aMoveThatDiffersFromTheOneMadeOrToAStatusNeverHadStaysRefused() {
    var history = new ArrayList<StatusChange>();
    history.add(recording(PROCESSING));
    var paid =
        made(
            payment(PROCESSING),
            new StatusUpdate("m1", SUCCESS, "tx-1", T0.plusSeconds(5), null, null, null),
            history);
    var refunding = made(paid, StatusUpdate.to("m1", REFUNDING), history);

    // another payment time, another transaction: not the SUCCESS it had
    assertThat(
            PaymentMoves.alreadyMade(
                refunding,
                history,
                new StatusUpdate("m1", SUCCESS, null, T0.plusSeconds(6), null, null, null)))
        .isFalse();
    assertThat(
            PaymentMoves.alreadyMade(
                refunding,
                history,
                new StatusUpdate("m1", SUCCESS, "tx-2", null, null, null, null)))
        .isFalse();
    // FAILED after SUCCESS is a contradiction, never a repeat
    assertThat(PaymentMoves.alreadyMade(refunding, history, StatusUpdate.to("m1", FAILED)))
        .isFalse();
    // a refund of another amount than the one announced
    assertThat(
            PaymentMoves.alreadyMade(
                refunding,
                history,
                StatusUpdate.to("m1", REFUNDING).refunding(new BigDecimal("10.00"))))
        .isFalse();
  }

  @Test
  void aRefundMadeAndSentAgainAfterThePaymentMovedOnIsAMoveAlreadyMade() {
    // given SUCCESS -> REFUNDING 60 -> REFUNDED (60 of 100)
    var history = new ArrayList<StatusChange>();
    history.add(recording(SUCCESS));
    var announce = StatusUpdate.to("m1", REFUNDING).refunding(new BigDecimal("60.00"));
    var refunding = made(payment(SUCCESS), announce, history);
    var partly = made(refunding, StatusUpdate.to("m1", REFUNDED), history);

    // when REFUNDING 60 comes again, it would take more than the 40 left
    assertThatThrownBy(() -> PaymentMoves.decide(partly, announce, T1))
        .isInstanceOf(InvalidRequestException.class);
    // then it is the refund already announced (60.0 is 60.00), and a bare REFUNDING is not
    assertThat(
            PaymentMoves.alreadyMade(
                partly,
                history,
                StatusUpdate.to("m1", REFUNDING).refunding(new BigDecimal("60.0"))))
        .isTrue();
    assertThat(PaymentMoves.alreadyMade(partly, history, StatusUpdate.to("m1", REFUNDING)))
        .isFalse();
  }

  @Test
  void givenAPartialRefundMadeUnderAKeyWhenItComesAgainAfterThePaymentMovedOnThenItIsTheMoveMade() {
    // given SUCCESS -> REFUNDING -> REFUNDED 30 under "refund-1" -> REFUNDING 20 (30 of 100)
    var history = new ArrayList<StatusChange>();
    history.add(recording(SUCCESS));
    var refund =
        StatusUpdate.to("m1", REFUNDED)
            .refunding(new BigDecimal("30.00"))
            .withIdempotencyKey("refund-1");
    var refunding = made(payment(SUCCESS), StatusUpdate.to("m1", REFUNDING), history);
    var partly = made(refunding, refund, history);
    made(partly, StatusUpdate.to("m1", REFUNDING).refunding(new BigDecimal("20.00")), history);

    // when the refund comes again under its key (30 is 30.00)
    var again = refund.refunding(new BigDecimal("30"));

    // then the history holds it: a repeat, however refundable the payment still is
    assertThat(PaymentMoves.madeUnderKey(history, again))
        .hasValueSatisfying(
            entry -> {
              assertThat(entry.idempotencyKey()).isEqualTo("refund-1");
              assertThat(entry.number()).isEqualTo(2);
            });
  }

  @Test
  void givenAKeyAMoveWasMadeUnderWhenAnotherMoveComesUnderItThenItIsAConflictNamingTheKey() {
    var history = new ArrayList<StatusChange>();
    history.add(recording(SUCCESS));
    var refunding = made(payment(SUCCESS), StatusUpdate.to("m1", REFUNDING), history);
    made(
        refunding,
        StatusUpdate.to("m1", REFUNDED)
            .refunding(new BigDecimal("30.00"))
            .withIdempotencyKey("refund-1"),
        history);

    for (var other :
        List.of(
            StatusUpdate.to("m1", REFUNDED).refunding(new BigDecimal("40.00")),
            StatusUpdate.to("m1", REFUNDED),
            StatusUpdate.to("m1", REFUNDING).refunding(new BigDecimal("30.00")),
            new StatusUpdate("m1", REFUNDED, null, null, new BigDecimal("30.00"), T0, null, null),
            new StatusUpdate(
                "m1", REFUNDED, null, null, new BigDecimal("30.00"), null, "again", null))) {
      assertThatThrownBy(
              () -> PaymentMoves.madeUnderKey(history, other.withIdempotencyKey("refund-1")))
          .as(other.toString())
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("idempotencyKey 'refund-1'")
          .hasMessageContaining("another move");
    }
  }

  @Test
  void
      givenAMoveWithoutAKeyOrUnderANewOneThenTheKeyDecidesNothingAndAPartialRefundAgainRefundsAgain() {
    var history = new ArrayList<StatusChange>();
    history.add(recording(SUCCESS));
    var refund = StatusUpdate.to("m1", REFUNDED).refunding(new BigDecimal("30.00"));
    var refunding = made(payment(SUCCESS), StatusUpdate.to("m1", REFUNDING), history);
    var partly = made(refunding, refund.withIdempotencyKey("refund-1"), history);

    assertThat(PaymentMoves.madeUnderKey(history, refund)).isEmpty();
    assertThat(PaymentMoves.madeUnderKey(history, refund.withIdempotencyKey("refund-2"))).isEmpty();
    var further = (Move.Advance) PaymentMoves.decide(partly, refund, T1);
    assertThat(further.next().refunded()).isEqualByComparingTo("60");
    assertThat(further.change().idempotencyKey()).isNull();
    assertThat(further.change().fingerprint()).isNull();
  }

  @Test
  void theDigestOfAnUpdateIsBlindToTrailingZerosAndToTheKeyButNotToAnyAskedField() {
    var refund = StatusUpdate.to("m1", REFUNDED).refunding(new BigDecimal("30.00"));

    assertThat(PaymentMoves.fingerprint(refund))
        .isEqualTo(PaymentMoves.fingerprint(refund.refunding(new BigDecimal("30"))))
        .isEqualTo(PaymentMoves.fingerprint(refund.withIdempotencyKey("k")))
        .isNotEqualTo(PaymentMoves.fingerprint(refund.refunding(new BigDecimal("30.01"))))
        .isNotEqualTo(PaymentMoves.fingerprint(StatusUpdate.to("m1", REFUNDED)))
        .isNotEqualTo(
            PaymentMoves.fingerprint(
                new StatusUpdate("m1", REFUNDED, "tx", null, new BigDecimal("30"), null, null)));
  }

  private static StatusChange recording(PaymentStatus status) {
    return new StatusChange("m1", "pay-1", 0, null, status, null, null, null, null, T0);
  }

  /** The payment after the update, its change appended to {@code history}. */
  private static Payment made(Payment current, StatusUpdate update, List<StatusChange> history) {
    var move = (Move.Advance) PaymentMoves.decide(current, update, T1);
    history.add(move.change());
    return move.next();
  }

  @Test
  void everyNotifiedStatusIsReachableAndTheStillMovingOnesAreNot() {
    for (var status : PaymentStatus.values()) {
      boolean reachable = false;
      for (var from : PaymentStatus.values()) {
        reachable |= PaymentMoves.next(from).contains(status);
      }
      assertThat(reachable).as(status + " is reachable").isEqualTo(status != PROCESSING);
    }
    assertThat(PaymentMoves.next(FAILED)).isEmpty();
    assertThat(PaymentMoves.next(CANCELLED)).isEmpty();
    assertThat(PaymentMoves.next(TIMEOUT)).isEmpty();
  }

  private static Payment advance(Payment current, StatusUpdate update) {
    return ((Move.Advance) PaymentMoves.decide(current, update, T1)).next();
  }

  private static Payment payment(PaymentStatus status) {
    return new Payment(
        "pay-1",
        "m1",
        "ORDER-1",
        null,
        Channel.WEBHOOK,
        new BigDecimal("100.00"),
        "CNY",
        "https://merchant.example/notify",
        status,
        BigDecimal.ZERO,
        null,
        null,
        null,
        Map.of(),
        Map.of(),
        null,
        T0,
        T0,
        0);
  }
}
