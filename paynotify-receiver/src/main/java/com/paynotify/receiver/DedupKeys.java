package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key each channel's sender means as "the same notification", prefixed with the channel so two
 * channels never collide. A key longer than {@value #MAX_LENGTH} characters, or with a NUL
 * character (which PostgreSQL cannot store in text), is replaced by its SHA-256, so it always fits
 * the store's unique column.
 */
public final class DedupKeys {
  /** The longest key the stores accept (a MySQL utf8mb4 index holds 191 characters). */
  public static final int MAX_LENGTH = 191;

  private DedupKeys() {}

  /** Alipay: {@code notify_id}, the same on every retry of one notification. */
  public static String alipay(String notifyId) {
    return of(Channel.ALIPAY, require("notify_id", notifyId));
  }

  /** WeChat Pay v3: the notification {@code id} of the JSON envelope. */
  public static String wechatV3(String notificationId) {
    return of(Channel.WECHAT_V3, require("id", notificationId));
  }

  /**
   * WeChat Pay v2 carries no notification id: one transaction reaching one result ({@code
   * result_code}, SUCCESS or FAIL) is one notification.
   */
  public static String wechatV2(String transactionId, String resultCode) {
    return of(
        Channel.WECHAT_V2,
        require("transaction_id", transactionId) + ":" + require("result_code", resultCode));
  }

  /**
   * WeChat Pay v2 from Paynotify for an event without a transaction id: the signed {@code
   * notify_id} Paynotify adds. Never used when {@code transaction_id} is present.
   */
  public static String wechatV2NotifyId(String notifyId) {
    return of(Channel.WECHAT_V2, "notify:" + require("notify_id", notifyId));
  }

  /** Standard Webhooks: the {@code webhook-id} header, constant across retries. */
  public static String webhook(String webhookId) {
    return of(Channel.WEBHOOK, require("webhook-id", webhookId));
  }

  private static String of(Channel channel, String id) {
    var key = channel.name() + ":" + id;
    return key.length() <= MAX_LENGTH && key.indexOf('\0') < 0
        ? key
        : channel.name() + ":sha256:" + sha256(id);
  }

  private static String require(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank, got '" + value + "'");
    }
    return value;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
