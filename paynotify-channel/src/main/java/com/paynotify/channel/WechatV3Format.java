package com.paynotify.channel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The {@link Channel#WECHAT_V3} format: WeChat Pay API v3's payment ({@code TRANSACTION.SUCCESS})
 * and refund ({@code REFUND.SUCCESS}) notifications. The transaction or refund JSON is encrypted
 * with AEAD_AES_256_GCM under the merchant's APIv3 key (a fresh 12-byte nonce per attempt), and the
 * {@code Wechatpay-*} headers carry a SHA256withRSA signature over {@code
 * timestamp\nnonce\nbody\n}, so {@code NotificationParser} of {@code wechatpay-java} with a
 * public-key config parses it. HTTP 200 or 204 acknowledges it.
 *
 * <p>WeChat Pay sends no notification for a failed, cancelled or timed-out payment, so neither does
 * this channel. Amounts are fen; an amount with a fraction of a fen is refused. Extra entries are
 * merged into the transaction or refund; one named like a field this format writes is refused,
 * except the placeholders listed as {@link ReservedNames#suppliable()}.
 */
public final class WechatV3Format implements ChannelFormat {
  static final WechatV3Format INSTANCE = new WechatV3Format();

  public static final String TIMESTAMP_HEADER = "Wechatpay-Timestamp";
  public static final String NONCE_HEADER = "Wechatpay-Nonce";
  public static final String SIGNATURE_HEADER = "Wechatpay-Signature";
  public static final String SERIAL_HEADER = "Wechatpay-Serial";
  public static final String SIGNATURE_TYPE_HEADER = "Wechatpay-Signature-Type";
  public static final String SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";
  public static final String ALGORITHM = "AEAD_AES_256_GCM";

  /** WeChat Pay's own replay window for its signatures. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final int GCM_NONCE_LENGTH = 12;
  private static final int GCM_TAG_BITS = 128;

  /**
   * The envelope's fields and those of the transaction and refund resources, where extra lands,
   * nested ones flattened as {@code amount.total} and {@code resource.ciphertext}; compared
   * ignoring case, as several JSON binders match fields. Descriptive fields Paynotify has no source
   * for and fills with a placeholder may be supplied by extra under their exact name.
   */
  static final ReservedNames RESERVED =
      ReservedNames.of(
          Channel.WECHAT_V3,
          Set.of(
              "id",
              "create_time",
              "resource_type",
              "event_type",
              "summary",
              "resource",
              "resource.original_type",
              "resource.algorithm",
              "resource.ciphertext",
              "resource.associated_data",
              "resource.nonce",
              "appid",
              "mchid",
              "out_trade_no",
              "transaction_id",
              "trade_state",
              "refund_status",
              "success_time",
              "amount",
              "amount.total",
              "amount.refund",
              "amount.payer_total",
              "amount.payer_refund",
              "amount.currency",
              "amount.payer_currency"),
          Set.of(
              "trade_type",
              "trade_state_desc",
              "bank_type",
              "out_refund_no",
              "refund_id",
              "user_received_account"));

  private WechatV3Format() {}

  @Override
  public Channel channel() {
    return Channel.WECHAT_V3;
  }

  @Override
  public Optional<String> refusal(PaymentStatus status) {
    return switch (status) {
      case FAILED, CANCELLED, TIMEOUT ->
          Optional.of(
              "WeChat Pay sends no notification for a failed, cancelled or timed-out payment"
                  + " (payment status "
                  + status
                  + "); WECHAT_V3 carries SUCCESS and REFUNDED");
      default -> Wire.notFinal(status);
    };
  }

  @Override
  public ReservedNames reservedNames() {
    return RESERVED;
  }

  @Override
  public Callback build(PaymentEvent event, ChannelCredentials credentials, Instant now) {
    if (!(credentials instanceof WechatV3Credentials wechat)) {
      throw new IllegalArgumentException(
          "credentials: WECHAT_V3 needs WeChat Pay v3 credentials, got " + credentials.channel());
    }
    Wire.requireCarried(this, event);
    RESERVED.requireFree(event.extra());
    boolean refund = event.paymentStatus() == PaymentStatus.REFUNDED;
    var originalType = refund ? "refund" : "transaction";
    var plaintext =
        Wire.JSON.writeValueAsBytes(
            refund ? refundResource(event, wechat) : transaction(event, wechat));
    var nonce = Wire.nonce(GCM_NONCE_LENGTH);
    var ciphertext = encrypt(wechat.apiV3Key(), nonce, originalType, plaintext);

    var resource = new LinkedHashMap<String, Object>();
    resource.put("original_type", originalType);
    resource.put("algorithm", ALGORITHM);
    resource.put("ciphertext", ciphertext);
    resource.put("associated_data", originalType);
    resource.put("nonce", nonce);
    var envelope = new LinkedHashMap<String, Object>();
    envelope.put("id", event.notifyId());
    envelope.put("create_time", Wire.WECHAT_V3_TIME.format(event.occurredAt()));
    envelope.put("resource_type", "encrypt-resource");
    envelope.put("event_type", refund ? "REFUND.SUCCESS" : "TRANSACTION.SUCCESS");
    envelope.put("summary", refund ? "退款成功" : "支付成功");
    envelope.put("resource", resource);
    RESERVED.requireDeclared("", envelope, Map.of());
    RESERVED.requireDeclared("resource.", resource, Map.of());
    var body = Wire.JSON.writeValueAsBytes(envelope);

    var timestamp = Long.toString(now.getEpochSecond());
    var headerNonce = Wire.nonce(32);
    var signature =
        RsaKeys.sign("SHA256withRSA", wechat.platformKey(), message(timestamp, headerNonce, body));
    var headers = new LinkedHashMap<String, String>();
    headers.put(TIMESTAMP_HEADER, timestamp);
    headers.put(NONCE_HEADER, headerNonce);
    headers.put(SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature));
    headers.put(SERIAL_HEADER, wechat.publicKeyId());
    headers.put(SIGNATURE_TYPE_HEADER, SIGNATURE_TYPE);
    return new Callback("application/json", headers, body);
  }

  /** The transaction WeChat Pay defines, with the extra entries. */
  private static Map<String, Object> transaction(PaymentEvent event, WechatV3Credentials wechat) {
    var total = Wire.fenInt(event.amount(), "amount");
    var transaction = new LinkedHashMap<String, Object>(event.extra());
    transaction.put("appid", wechat.appId());
    transaction.put("mchid", wechat.mchId());
    transaction.put("out_trade_no", event.orderNo());
    if (event.transactionId() != null) {
      transaction.put("transaction_id", event.transactionId());
    }
    transaction.putIfAbsent("trade_type", "NATIVE");
    transaction.put("trade_state", "SUCCESS");
    transaction.putIfAbsent("trade_state_desc", "支付成功");
    transaction.putIfAbsent("bank_type", "OTHERS");
    transaction.put("success_time", Wire.WECHAT_V3_TIME.format(event.paidTime()));
    var amount = new LinkedHashMap<String, Object>();
    amount.put("total", total);
    amount.put("payer_total", total);
    amount.put("currency", event.currency());
    amount.put("payer_currency", event.currency());
    transaction.put("amount", amount);
    RESERVED.requireDeclared("", transaction, event.extra());
    RESERVED.requireDeclared("amount.", amount, Map.of());
    return transaction;
  }

  /**
   * The refund notification WeChat Pay defines. {@code out_refund_no} and {@code refund_id} come
   * from the extra entries of those names, else the order number and the notify id.
   */
  private static Map<String, Object> refundResource(
      PaymentEvent event, WechatV3Credentials wechat) {
    var total = Wire.fenInt(event.amount(), "amount");
    var refunded = Wire.fenInt(Wire.refundAmount(event), "refundAmount");
    var refund = new LinkedHashMap<String, Object>(event.extra());
    refund.put("mchid", wechat.mchId());
    refund.put("out_trade_no", event.orderNo());
    if (event.transactionId() != null) {
      refund.put("transaction_id", event.transactionId());
    }
    refund.putIfAbsent("out_refund_no", event.orderNo());
    refund.putIfAbsent("refund_id", event.notifyId());
    refund.put("refund_status", "SUCCESS");
    refund.put("success_time", Wire.WECHAT_V3_TIME.format(event.refundTime()));
    refund.putIfAbsent("user_received_account", "支付用户零钱");
    var amount = new LinkedHashMap<String, Object>();
    amount.put("total", total);
    amount.put("refund", refunded);
    amount.put("payer_total", total);
    amount.put("payer_refund", refunded);
    amount.put("currency", event.currency());
    refund.put("amount", amount);
    RESERVED.requireDeclared("", refund, event.extra());
    RESERVED.requireDeclared("amount.", amount, Map.of());
    return refund;
  }

  private static String encrypt(
      String apiV3Key, String nonce, String associatedData, byte[] plain) {
    try {
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
          new GCMParameterSpec(GCM_TAG_BITS, nonce.getBytes(StandardCharsets.UTF_8)));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(cipher.doFinal(plain));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM encryption failed", e);
    }
  }

  /** Decrypts with one key; null when the tag does not match (wrong key or tampered data). */
  private static byte @Nullable [] decrypt(
      String apiV3Key, String nonce, String associatedData, byte[] ciphertext) {
    try {
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
          new GCMParameterSpec(GCM_TAG_BITS, nonce.getBytes(StandardCharsets.UTF_8)));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(ciphertext);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // AEADBadTagException among them: a wrong key and tampered data look the same.
      return null;
    }
  }

  /** What WeChat Pay signs: {@code timestamp\nnonce\nbody\n}, the body as its raw bytes. */
  private static byte[] message(String timestamp, String nonce, byte[] body) {
    var message = new ByteArrayOutputStream();
    message.writeBytes((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
    message.writeBytes(body);
    message.write('\n');
    return message.toByteArray();
  }

  @Override
  public AckVerdict judge(int httpStatus, String body) {
    return httpStatus == 200 || httpStatus == 204
        ? AckVerdict.ACCEPTED
        : AckVerdict.REJECTED_STATUS;
  }

  @Override
  public VerifiedEvent verify(
      ReceivedCallback received, VerificationKeys keys, Instant now, Duration tolerance) {
    if (!(keys instanceof VerificationKeys.WechatV3 wechat)) {
      throw new IllegalArgumentException(
          "keys: WECHAT_V3 needs WeChat Pay v3 verification keys, got " + keys.channel());
    }
    var timestampText = Wire.requireHeader(received, TIMESTAMP_HEADER);
    var nonce = Wire.requireHeader(received, NONCE_HEADER);
    var signatureText = Wire.requireHeader(received, SIGNATURE_HEADER);
    var serial = Wire.requireHeader(received, SERIAL_HEADER);
    var signatureType = received.header(SIGNATURE_TYPE_HEADER);
    long timestamp = Wire.epochSeconds(timestampText, TIMESTAMP_HEADER);
    Wire.requireFresh(timestamp, now, tolerance, TIMESTAMP_HEADER);
    if (signatureType != null
        && !signatureType.isBlank()
        && !signatureType.trim().equals(SIGNATURE_TYPE)) {
      throw Wire.badSignature(
          "header "
              + SIGNATURE_TYPE_HEADER
              + " names "
              + signatureType.trim()
              + ", not "
              + SIGNATURE_TYPE);
    }
    var publicKey = wechat.publicKeysById().get(serial);
    if (publicKey == null) {
      throw Wire.badSignature(
          "header "
              + SERIAL_HEADER
              + " names "
              + serial
              + ", which is no configured public key id");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(signatureText);
    } catch (IllegalArgumentException e) {
      throw Wire.badSignature("header " + SIGNATURE_HEADER + " is not base64");
    }
    var body = received.body();
    if (!RsaKeys.verify(
        "SHA256withRSA", publicKey, message(timestampText, nonce, body), signature)) {
      throw Wire.badSignature(
          "header " + SIGNATURE_HEADER + " does not match the body under public key " + serial);
    }

    var envelope = readObject(body, "the body");
    var resource = envelope.get("resource");
    if (resource == null || !resource.isObject()) {
      throw Wire.malformed("field resource is missing");
    }
    var algorithm = text(resource, "algorithm", "resource.algorithm");
    if (!algorithm.equals(ALGORITHM)) {
      throw Wire.malformed("field resource.algorithm is " + algorithm + ", not " + ALGORITHM);
    }
    var ciphertext = text(resource, "ciphertext", "resource.ciphertext");
    var resourceNonce = text(resource, "nonce", "resource.nonce");
    var associatedData = resource.path("associated_data").asString("");
    byte[] encrypted;
    try {
      encrypted = Base64.getDecoder().decode(ciphertext);
    } catch (IllegalArgumentException e) {
      throw Wire.malformed("field resource.ciphertext is not base64");
    }
    byte[] plaintext = null;
    for (var apiV3Key : wechat.apiV3Keys()) {
      plaintext = decrypt(apiV3Key, resourceNonce, associatedData, encrypted);
      if (plaintext != null) {
        break;
      }
    }
    if (plaintext == null) {
      throw new InvalidCallbackException(
          InvalidCallbackException.Check.DECRYPT,
          "resource could not be decrypted with any configured APIv3 key");
    }
    var fields = Wire.flatten(readObject(plaintext, "the decrypted resource"));
    var eventType = text(envelope, "event_type", "event_type");
    var notifyId = text(envelope, "id", "id");
    return eventType.startsWith("REFUND.")
        ? refundEvent(notifyId, fields)
        : paymentEvent(notifyId, fields);
  }

  private static VerifiedEvent paymentEvent(String notifyId, Map<String, String> fields) {
    var tradeState = Wire.requireField(fields, "trade_state");
    var status =
        switch (tradeState) {
          case "SUCCESS" -> PaymentStatus.SUCCESS;
          case "CLOSED", "REVOKED" -> PaymentStatus.CANCELLED;
          case "PAYERROR" -> PaymentStatus.FAILED;
          case "REFUND" -> PaymentStatus.REFUNDED;
          case "NOTPAY", "USERPAYING", "ACCEPT" -> PaymentStatus.PROCESSING;
          default -> throw Wire.malformed("field trade_state has the unknown value " + tradeState);
        };
    return new VerifiedEvent(
        Channel.WECHAT_V3,
        notifyId,
        Wire.requireField(fields, "out_trade_no"),
        fields.get("transaction_id"),
        status,
        Wire.parseFen(Wire.requireField(fields, "amount.total"), "amount.total"),
        null,
        fields.getOrDefault("amount.currency", "CNY"),
        fields);
  }

  private static VerifiedEvent refundEvent(String notifyId, Map<String, String> fields) {
    var refundStatus = Wire.requireField(fields, "refund_status");
    var status =
        switch (refundStatus) {
          case "SUCCESS" -> PaymentStatus.REFUNDED;
          case "PROCESSING" -> PaymentStatus.REFUNDING;
          default ->
              throw Wire.malformed(
                  "field refund_status is " + refundStatus + ": the refund did not complete");
        };
    return new VerifiedEvent(
        Channel.WECHAT_V3,
        notifyId,
        Wire.requireField(fields, "out_trade_no"),
        fields.get("transaction_id"),
        status,
        Wire.parseFen(Wire.requireField(fields, "amount.total"), "amount.total"),
        Wire.parseFen(Wire.requireField(fields, "amount.refund"), "amount.refund"),
        fields.getOrDefault("amount.currency", "CNY"),
        fields);
  }

  private static JsonNode readObject(byte[] json, String what) {
    JsonNode node;
    try {
      node = Wire.JSON.readTree(json);
    } catch (JacksonException e) {
      throw Wire.malformed(what + " is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw Wire.malformed(what + " is not a JSON object");
    }
    return node;
  }

  private static String text(JsonNode node, String field, String path) {
    var value = node.get(field);
    if (value == null || !value.isString() || value.asString().isBlank()) {
      throw Wire.malformed("field " + path + " is missing");
    }
    return value.asString();
  }

  @Override
  public AckResponse successAck() {
    return new AckResponse(200, null, new byte[0]);
  }

  @Override
  public AckResponse failureAck(String message) {
    var body = new LinkedHashMap<String, String>();
    body.put("code", "FAIL");
    body.put("message", message);
    return new AckResponse(500, "application/json", Wire.JSON.writeValueAsBytes(body));
  }
}
