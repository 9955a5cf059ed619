/**
 * Payments with a status: created, moved along their state machine ({@link
 * com.paynotify.payment.PaymentMoves}), and each move a merchant must hear about turned into a
 * notification in the same transaction as the move.
 */
@NullMarked
package com.paynotify.payment;

import org.jspecify.annotations.NullMarked;
