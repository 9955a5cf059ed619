package com.paynotify.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256>} over {@code id.timestamp.body}, one
 * per secret, separated by spaces. Used by the sender to sign and by receivers to verify.
 */
public final class WebhookSignature {
  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";

  /** The replay window the specification recommends. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private WebhookSignature() {}

  /** The {@code webhook-signature} header value: one {@code v1,} signature per secret. */
  public static String sign(
      List<WebhookSecret> secrets, String id, Instant timestamp, byte[] body) {
    return secrets.stream()
        .map(secret -> "v1," + signature(secret, id, timestamp.getEpochSecond(), body))
        .collect(Collectors.joining(" "));
  }

  /**
   * Checks a received callback: the timestamp within {@code tolerance} of {@code now}, and at least
   * one {@code v1} signature made by one of the secrets.
   *
   * @throws InvalidCallbackException naming the check that failed
   */
  public static void verify(
      List<WebhookSecret> secrets,
      String id,
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      Instant now,
      Duration tolerance) {
    long timestamp = Wire.epochSeconds(timestampHeader.trim(), TIMESTAMP_HEADER);
    Wire.requireFresh(timestamp, now, tolerance, TIMESTAMP_HEADER);
    for (var secret : secrets) {
      var expected = signature(secret, id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
      for (var candidate : signatureHeader.trim().split(" +")) {
        var parts = candidate.split(",", 2);
        if (parts.length == 2
            && parts[0].equals("v1")
            && MessageDigest.isEqual(expected, parts[1].getBytes(StandardCharsets.US_ASCII))) {
          return;
        }
      }
    }
    throw new InvalidCallbackException(
        InvalidCallbackException.Check.SIGNATURE,
        "no webhook-signature matches a configured secret");
  }

  private static String signature(WebhookSecret secret, String id, long timestamp, byte[] body) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }
}
