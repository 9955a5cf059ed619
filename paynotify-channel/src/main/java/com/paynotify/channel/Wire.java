package com.paynotify.channel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Wire details the Chinese formats share: Beijing time, fen, nonces, field text. */
final class Wire {
  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

  /** Alipay's {@code notify_time}, {@code gmt_*}: {@code yyyy-MM-dd HH:mm:ss} in Beijing time. */
  static final DateTimeFormatter ALIPAY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(BEIJING);

  /** WeChat Pay v2's {@code time_end}: {@code yyyyMMddHHmmss} in Beijing time. */
  static final DateTimeFormatter WECHAT_V2_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(BEIJING);

  /** WeChat Pay v3's RFC 3339 times with the Beijing offset: {@code 2026-11-23T08:00:00+08:00}. */
  static final DateTimeFormatter WECHAT_V3_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(BEIJING);

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int MAX_AMOUNT_DIGITS = 20;
  private static final Pattern PLAIN_AMOUNT =
      Pattern.compile(
          "-?[0-9]{1," + MAX_AMOUNT_DIGITS + "}(\\.[0-9]{1," + MAX_AMOUNT_DIGITS + "})?");
  private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,19}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Wire() {}

  /** The refusal of a status no channel notifies, shared by every format. */
  static java.util.Optional<String> notFinal(PaymentStatus status) {
    return status.notifiable()
        ? java.util.Optional.empty()
        : java.util.Optional.of("payment status " + status + " is not final and is never notified");
  }

  /** Throws when the format refuses the event's status. */
  static void requireCarried(ChannelFormat format, PaymentEvent event) {
    format
        .refusal(event.paymentStatus())
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException("paymentStatus: " + reason);
            });
  }

  /** The refunded amount of a REFUNDED event: above zero and at most the amount. */
  static BigDecimal refundAmount(PaymentEvent event) {
    var refund = event.refundAmount();
    if (refund == null) {
      throw new IllegalArgumentException("refundAmount: required for a REFUNDED event");
    }
    if (refund.signum() <= 0 || refund.compareTo(event.amount()) > 0) {
      throw new IllegalArgumentException(
          "refundAmount: must be above 0 and at most the amount "
              + event.amount().toPlainString()
              + ", got "
              + refund.toPlainString());
    }
    return refund;
  }

  /** A random alphanumeric string: as many bytes as characters in UTF-8. */
  static String nonce(int length) {
    var nonce = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      nonce.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return nonce.toString();
  }

  /** Yuan with exactly two decimals, as Alipay's amounts; refuses fractions of a fen. */
  static String yuan(BigDecimal amount, String field) {
    return BigDecimal.valueOf(fen(amount, field), 2).toPlainString();
  }

  /** The amount in fen (minor units), exactly; refuses fractions of a fen. */
  static long fen(BigDecimal amount, String field) {
    var fen = amount.movePointRight(2);
    if (fen.signum() < 0) {
      throw new IllegalArgumentException(
          field + ": must not be negative, got " + amount.toPlainString());
    }
    try {
      return fen.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          field + ": " + amount.toPlainString() + " is not a whole number of fen");
    }
  }

  /** Fen as WeChat's 32-bit integer fields; refuses what does not fit. */
  static int fenInt(BigDecimal amount, String field) {
    long fen = fen(amount, field);
    if (fen > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          field + ": " + amount.toPlainString() + " is over WeChat Pay's largest amount in fen");
    }
    return (int) fen;
  }

  /** An extra value as text: strings as they are, numbers plainly, objects and lists as JSON. */
  static String text(@Nullable Object value) {
    return switch (value) {
      case null -> "";
      case String s -> s;
      case BigDecimal d -> d.toPlainString();
      case Number n -> n.toString();
      case Boolean b -> b.toString();
      case Map<?, ?> m -> JSON.writeValueAsString(m);
      case Collection<?> c -> JSON.writeValueAsString(c);
      default -> value.toString();
    };
  }

  /**
   * A signed timestamp header as epoch seconds: ASCII digits only, so a sign, a fraction, an
   * exponent or a value past {@code Long.MAX_VALUE} is MALFORMED, never a parse exception.
   */
  static long epochSeconds(String text, String header) {
    if (!EPOCH_SECONDS.matcher(text).matches()) {
      throw malformed("header " + header + " is not a number of seconds");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw malformed("header " + header + " is not a number of seconds");
    }
  }

  /**
   * Checks {@code timestamp} is within {@code tolerance} of {@code now}, either way. A timestamp
   * past the range of {@link Instant} is refused as TIMESTAMP before it can be converted.
   */
  static void requireFresh(long epochSeconds, Instant now, Duration tolerance, String header) {
    if (epochSeconds < Instant.MIN.getEpochSecond()
        || epochSeconds > Instant.MAX.getEpochSecond()) {
      throw new InvalidCallbackException(
          InvalidCallbackException.Check.TIMESTAMP, header + " is out of the range of dates");
    }
    var skew = Duration.between(Instant.ofEpochSecond(epochSeconds), now).abs();
    if (skew.compareTo(tolerance) > 0) {
      throw new InvalidCallbackException(
          InvalidCallbackException.Check.TIMESTAMP,
          header
              + " is "
              + skew.toSeconds()
              + "s away from now, over the tolerance of "
              + tolerance.toSeconds()
              + "s");
    }
  }

  /** A JSON object flattened to text fields, nested objects with dotted keys. */
  static Map<String, String> flatten(JsonNode node) {
    var fields = new LinkedHashMap<String, String>();
    flatten("", node, fields);
    return fields;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    for (var entry : node.properties()) {
      var key = prefix + entry.getKey();
      var value = entry.getValue();
      if (value.isObject()) {
        flatten(key + ".", value, into);
      } else if (value.isArray()) {
        into.put(key, value.toString());
      } else if (!value.isNull()) {
        into.put(key, value.asString());
      }
    }
  }

  static InvalidCallbackException malformed(String message) {
    return new InvalidCallbackException(InvalidCallbackException.Check.MALFORMED, message);
  }

  static InvalidCallbackException badSignature(String message) {
    return new InvalidCallbackException(InvalidCallbackException.Check.SIGNATURE, message);
  }

  static String requireHeader(ReceivedCallback received, String name) {
    var value = received.header(name);
    if (value == null || value.isBlank()) {
      throw malformed("header " + name + " is missing");
    }
    return value.trim();
  }

  static String requireField(Map<String, String> fields, String name) {
    var value = fields.get(name);
    if (value == null || value.isBlank()) {
      throw malformed("field " + name + " is missing");
    }
    return value;
  }

  /**
   * A plain decimal amount ({@code 100.00}); an exponent ({@code 1E-900000000}) or more than
   * {@value #MAX_AMOUNT_DIGITS} digits either side of the point is MALFORMED, so no amount can
   * expand into a string of millions of characters later.
   */
  static BigDecimal parseYuan(String text, String field) {
    var trimmed = text.trim();
    if (!PLAIN_AMOUNT.matcher(trimmed).matches()) {
      throw malformed("field " + field + " is not a plain decimal amount");
    }
    return new BigDecimal(trimmed);
  }

  static BigDecimal parseFen(String text, String field) {
    try {
      return BigDecimal.valueOf(Long.parseLong(text.trim()), 2);
    } catch (NumberFormatException e) {
      throw malformed("field " + field + " is not a whole number of fen");
    }
  }
}
