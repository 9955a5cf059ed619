package com.paynotify;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.delivery.NetworkPolicy;
import com.paynotify.merchant.Merchant;
import com.paynotify.notification.NotificationRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The checks a notification request must pass before it is stored, each naming its field. */
final class RequestCheck {
  static final int MAX_ID_LENGTH = 64;

  /** As long as the {@code notify_url} column holds. */
  static final int MAX_URL_LENGTH = 1024;

  /** More digits, and a larger exponent either way, than any amount has. */
  static final int MAX_AMOUNT_DIGITS = 32;

  private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

  /** No payment platform reports a time before this; every database column holds it. */
  static final Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");

  /**
   * How far ahead of this node's clock a payment or refund time may be: the platform's clock may
   * run ahead.
   */
  static final Duration MAX_CLOCK_AHEAD = Duration.ofDays(1);

  private final NetworkPolicy network;
  private final HostResolver resolver;

  RequestCheck(NetworkPolicy network, HostResolver resolver) {
    this.network = network;
    this.resolver = resolver;
  }

  void fields(NotificationRequest r) {
    text("merchantId", r.merchantId(), MAX_ID_LENGTH);
    text("orderNo", r.orderNo(), MAX_ID_LENGTH);
    if (r.transactionId() != null) {
      text("transactionId", r.transactionId(), MAX_ID_LENGTH);
    }
    if (r.idempotencyKey() != null) {
      IdempotencyKey.check("idempotencyKey", r.idempotencyKey());
    }
    if (!r.paymentStatus().notifiable()) {
      throw InvalidRequestException.invalid(
          "paymentStatus",
          r.paymentStatus()
              + " is not a final payment status and is never notified; send SUCCESS, FAILED, CANCELLED, TIMEOUT or REFUNDED");
    }
    var currency = currency(r.currency());
    amount("amount", r.amount(), currency);
    if (r.refundAmount() != null) {
      if (r.paymentStatus() != PaymentStatus.REFUNDED) {
        throw InvalidRequestException.invalid(
            "refundAmount", "only a REFUNDED event carries a refund amount");
      }
      amount("refundAmount", r.refundAmount(), currency);
      if (r.refundAmount().compareTo(r.amount()) > 0) {
        throw InvalidRequestException.invalid(
            "refundAmount",
            "must not exceed amount " + InvalidRequestException.echo(r.amount().toPlainString()));
      }
    }
    ExtraCheck.reservedNames(r);
  }

  /**
   * The payment and refund times: only a paid payment has a payment time, only a refund a refund
   * time, neither before {@link #EARLIEST_TIME} nor more than {@link #MAX_CLOCK_AHEAD} after {@code
   * now}, and a refund not before its payment.
   */
  void times(NotificationRequest r, Instant now) {
    var status = r.paymentStatus();
    if (r.paidAt() != null) {
      if (status != PaymentStatus.SUCCESS && status != PaymentStatus.REFUNDED) {
        throw InvalidRequestException.invalid(
            "paidAt",
            "a " + status + " payment was not paid; only SUCCESS and REFUNDED carry paidAt");
      }
      time("paidAt", r.paidAt(), now);
    }
    if (r.refundedAt() != null) {
      if (status != PaymentStatus.REFUNDED) {
        throw InvalidRequestException.invalid(
            "refundedAt", "only a REFUNDED event carries refundedAt");
      }
      time("refundedAt", r.refundedAt(), now);
      if (r.paidAt() != null && r.refundedAt().isBefore(r.paidAt())) {
        throw InvalidRequestException.invalid(
            "refundedAt", "must not be before paidAt " + r.paidAt());
      }
    }
  }

  private static void time(String field, Instant at, Instant now) {
    if (at.isBefore(EARLIEST_TIME)) {
      throw InvalidRequestException.invalid(
          field, "must not be before " + EARLIEST_TIME + ", got " + at);
    }
    if (at.isAfter(now.plus(MAX_CLOCK_AHEAD))) {
      throw InvalidRequestException.invalid(
          field, "must not be more than a day in the future, got " + at);
    }
  }

  void channelCarries(Channel channel, PaymentStatus status) {
    ChannelFormat.of(channel)
        .refusal(status)
        .ifPresent(
            reason -> {
              throw InvalidRequestException.invalid("paymentStatus", reason);
            });
  }

  void notifyUrl(String text, Merchant merchant) {
    callbackUrl("notifyUrl", text, merchant);
  }

  /** The rules every URL a callback goes to passes, naming {@code field}. */
  void callbackUrl(String field, String text, Merchant merchant) {
    if (text.length() > MAX_URL_LENGTH) {
      throw InvalidRequestException.invalid(field, "at most " + MAX_URL_LENGTH + " characters");
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw InvalidRequestException.invalid(field, "not a valid URL: " + e.getReason());
    }
    var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw InvalidRequestException.invalid(field, "must be an http or https URL");
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      throw InvalidRequestException.invalid(field, "has no host");
    }
    if (url.getRawUserInfo() != null) {
      throw InvalidRequestException.invalid(field, "must not carry a user name or password");
    }
    if (!merchant.allowsHost(url.getHost())) {
      throw InvalidRequestException.invalid(
          field,
          "host "
              + InvalidRequestException.echo(url.getHost())
              + " is not among merchant '"
              + merchant.id()
              + "' callback hosts");
    }
    publicAddress(field, url.getHost());
  }

  private void publicAddress(String field, String host) {
    var bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      for (var address : resolver.resolve(bare)) {
        if (!network.permits(address)) {
          throw InvalidRequestException.invalid(
              field,
              "host "
                  + InvalidRequestException.echo(host)
                  + " resolves to "
                  + address.getHostAddress()
                  + ", a non-public address callbacks may not go to");
        }
      }
    } catch (UnknownHostException e) {
      // A name that does not resolve yet is not refused: delivery records a DNS error and retries,
      // and each dialled address is checked again then.
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

  private static Currency currency(@Nullable String code) {
    if (code == null || code.isBlank()) {
      throw InvalidRequestException.missing("currency");
    }
    if (!code.matches("[A-Z]{3}")) {
      throw InvalidRequestException.invalid(
          "currency",
          InvalidRequestException.echo(code) + " is not an ISO 4217 code like CNY or USD");
    }
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid(
          "currency", InvalidRequestException.echo(code) + " is not an ISO 4217 currency");
    }
  }

  private static void amount(String field, BigDecimal amount, Currency currency) {
    // 1E-900000000 is short, but written out it is 900 million characters, and stripping the
    // trailing zeros of a long one takes as long: bound the exponent and the digits first.
    if (Math.abs((long) amount.scale()) > MAX_AMOUNT_DIGITS
        || amount.precision() > MAX_AMOUNT_DIGITS) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(amount)
              + " is out of range: at most "
              + MAX_AMOUNT_DIGITS
              + " digits and no exponent beyond that; write a plain decimal like 100.00");
    }
    if (amount.signum() <= 0) {
      throw InvalidRequestException.invalid(
          field,
          "must be greater than 0, got " + InvalidRequestException.echo(amount.toPlainString()));
    }
    if (amount.compareTo(MAX_AMOUNT) >= 0) {
      throw InvalidRequestException.invalid(
          field, "must be less than " + MAX_AMOUNT.toPlainString());
    }
    int digits = Math.max(currency.getDefaultFractionDigits(), 0);
    if (amount.stripTrailingZeros().scale() > digits) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(amount.toPlainString())
              + " has more than "
              + digits
              + " decimal places for "
              + currency.getCurrencyCode());
    }
  }
}
