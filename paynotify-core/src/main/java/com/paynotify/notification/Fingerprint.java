package com.paynotify.notification;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A digest of what a request asks for, blind to key order in {@code extra} and to trailing zeros in
 * amounts, so a replayed request matches its original and a changed one does not.
 */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(NotificationRequest r, String retryPolicy) {
    var canonical = new StringBuilder();
    append(canonical, r.channel().name());
    append(canonical, r.orderNo());
    append(canonical, r.transactionId());
    append(canonical, r.paymentStatus().name());
    append(canonical, plain(r.amount()));
    append(canonical, r.refundAmount() == null ? null : plain(r.refundAmount()));
    append(canonical, r.currency());
    append(canonical, r.notifyUrl());
    append(canonical, retryPolicy);
    append(canonical, canonical(r.extra()));
    // Appended only when given, so a request without them keeps the fingerprint it always had.
    if (r.paidAt() != null) {
      append(canonical, "paidAt=" + r.paidAt());
    }
    if (r.refundedAt() != null) {
      append(canonical, "refundedAt=" + r.refundedAt());
    }
    if (!r.headers().isEmpty()) {
      append(canonical, "headers=" + canonical(r.headers()));
    }
    return sha256Hex(canonical.toString());
  }

  /**
   * The digest of {@code fields} in their order, each length-prefixed as a notification's are, so a
   * field's value cannot imitate a boundary between two.
   */
  public static String ofFields(List<@Nullable String> fields) {
    var canonical = new StringBuilder();
    fields.forEach(field -> append(canonical, field));
    return sha256Hex(canonical.toString());
  }

  /** The SHA-256 of {@code text} in UTF-8, as lower-case hex. */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }

  private static void append(StringBuilder out, @Nullable String value) {
    // Length-prefixed, so no value can imitate a field boundary.
    if (value == null) {
      out.append("-1:");
    } else {
      out.append(value.length()).append(':').append(value);
    }
  }

  /** An amount as the digests write it, blind to trailing zeros. */
  public static String plain(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }

  private static String canonical(@Nullable Object value) {
    return switch (value) {
      case null -> "null";
      case Map<?, ?> map -> {
        var sorted = new TreeMap<String, String>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
        yield sorted.toString();
      }
      case List<?> list -> list.stream().map(Fingerprint::canonical).toList().toString();
      case BigDecimal d -> plain(d);
      case String s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      default -> value.toString();
    };
  }
}
