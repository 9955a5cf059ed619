package com.paynotify.receiver.spring.autoconfigure;

import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.receiver.AlipayVerifier;
import com.paynotify.receiver.CallbackVerifier;
import com.paynotify.receiver.NotificationReceiver;
import com.paynotify.receiver.WebhookVerifier;
import com.paynotify.receiver.WechatV2Verifier;
import com.paynotify.receiver.WechatV3Verifier;
import java.security.PublicKey;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The receivers' settings, {@code paynotify.receiver.*}. A channel whose keys are set gets a
 * receiver; the defaults are the receiver library's own ({@code NotificationReceiver.DEFAULT_*}).
 * No {@code toString()} shows a key.
 *
 * @param lease How long a claim holds without a heartbeat while the handler runs.
 * @param heartbeat How often a running handler's lease is renewed; default a third of the lease.
 * @param retention How long a DONE record is kept; must exceed each sender's retry window.
 * @param inProgressWait How long a duplicate waits for the first delivery still in progress before
 *     answering the retryable failure; keep it well under the sender's timeout.
 * @param pollInterval How often a waiting duplicate looks again.
 * @param maxBodySize The largest callback body accepted; a longer one is rejected unparsed.
 * @param closeWait How long shutdown waits for deliveries in progress.
 * @param store Where the idempotency records are kept.
 * @param purge The scheduled deletion of records past their retention.
 * @param webhook Standard Webhooks callbacks (Paynotify's WEBHOOK channel).
 * @param alipay Alipay asynchronous notifications.
 * @param wechatV3 WeChat Pay API v3 notifications.
 * @param wechatV2 WeChat Pay API v2 notifications.
 */
@ConfigurationProperties("paynotify.receiver")
public record PaynotifyReceiverProperties(
    @DefaultValue("30s") Duration lease,
    @Nullable Duration heartbeat,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("2s") Duration inProgressWait,
    @DefaultValue("100ms") Duration pollInterval,
    @DefaultValue("1MB") DataSize maxBodySize,
    @DefaultValue("30s") Duration closeWait,
    @DefaultValue Store store,
    @DefaultValue Purge purge,
    @DefaultValue Webhook webhook,
    @DefaultValue Alipay alipay,
    @DefaultValue WechatV3 wechatV3,
    @DefaultValue WechatV2 wechatV2) {

  /** Where the idempotency records live. */
  public enum StoreType {
    /** A table on the application's {@code DataSource}; the handler joins its transaction. */
    JDBC,
    /** Keys on Spring Data Redis' connection factory, expiring by themselves. */
    REDIS
  }

  /**
   * The idempotency store.
   *
   * @param type JDBC or REDIS; default JDBC when the application has a DataSource, else REDIS when
   *     it has a Redis connection factory.
   * @param createSchema Whether to create the JDBC table and its index at startup if missing.
   * @param redisKeyPrefix The prefix of every Redis key of the store.
   */
  public record Store(
      @Nullable StoreType type,
      @DefaultValue("true") boolean createSchema,
      @DefaultValue("paynotify:receiver:") String redisKeyPrefix) {}

  /**
   * The purge.
   *
   * @param enabled Whether to purge on a schedule (a Redis store has nothing to purge).
   * @param interval The time between two purges.
   * @param batchSize Records deleted per statement.
   */
  public record Purge(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1h") Duration interval,
      @DefaultValue("500") int batchSize) {}

  /**
   * Standard Webhooks.
   *
   * @param secrets The whsec_... signing secrets, newest first (two during a rotation).
   * @param tolerance How far the webhook-timestamp header may be from now.
   * @param senderRetryWindow How long the sender retries; default 36 hours.
   */
  public record Webhook(
      @DefaultValue List<String> secrets,
      @DefaultValue("5m") Duration tolerance,
      @Nullable Duration senderRetryWindow) {
    @Override
    public String toString() {
      return "Webhook[" + secrets.size() + " secret(s), tolerance " + tolerance + "]";
    }
  }

  /**
   * Alipay.
   *
   * @param publicKeys The Alipay public key(s) that verify the callbacks: bare base64 or PEM.
   * @param signType RSA2, or RSA for legacy SHA1withRSA merchants; the other type is refused.
   * @param senderRetryWindow How long the sender retries; default 25 hours.
   */
  public record Alipay(
      @DefaultValue List<String> publicKeys,
      @DefaultValue("RSA2") AlipayCredentials.SignType signType,
      @Nullable Duration senderRetryWindow) {
    @Override
    public String toString() {
      return "Alipay[" + publicKeys.size() + " key(s), " + signType + "]";
    }
  }

  /**
   * WeChat Pay API v3.
   *
   * @param publicKeys The platform public keys, each with its id (the Wechatpay-Serial header picks
   *     one).
   * @param apiV3Keys The merchant's 32-character APIv3 key(s) the resource is encrypted with.
   * @param tolerance How far the Wechatpay-Timestamp header may be from now.
   * @param senderRetryWindow How long the sender retries; default 25 hours.
   */
  public record WechatV3(
      @DefaultValue List<PlatformKey> publicKeys,
      @DefaultValue List<String> apiV3Keys,
      @DefaultValue("5m") Duration tolerance,
      @Nullable Duration senderRetryWindow) {
    @Override
    public String toString() {
      return "WechatV3[public key ids="
          + publicKeys.stream().map(PlatformKey::id).toList()
          + ", "
          + apiV3Keys.size()
          + " APIv3 key(s), tolerance "
          + tolerance
          + "]";
    }
  }

  /**
   * A WeChat Pay platform public key.
   *
   * @param id The key's id, PUB_KEY_ID_....
   * @param pem The key, PEM or bare base64.
   */
  public record PlatformKey(@Nullable String id, @Nullable String pem) {}

  /**
   * WeChat Pay API v2.
   *
   * @param apiKeys The merchant's 32-character v2 API key(s).
   * @param signType MD5 or HMAC_SHA256; a callback signed the other way is refused.
   * @param senderRetryWindow How long the sender retries; default 25 hours.
   */
  public record WechatV2(
      @DefaultValue List<String> apiKeys,
      @DefaultValue("MD5") WechatV2Credentials.SignType signType,
      @Nullable Duration senderRetryWindow) {
    @Override
    public String toString() {
      return "WechatV2[" + apiKeys.size() + " key(s), " + signType + "]";
    }
  }

  /** Whether any channel has keys, so that receivers (and a store) are wanted. */
  public boolean anyChannel() {
    return !webhook.secrets().isEmpty()
        || !alipay.publicKeys().isEmpty()
        || !wechatV3.publicKeys().isEmpty()
        || !wechatV3.apiV3Keys().isEmpty()
        || !wechatV2.apiKeys().isEmpty();
  }

  /**
   * The verifiers of the channels that have keys.
   *
   * @throws IllegalArgumentException naming the property whose key is invalid, never its value
   */
  public List<CallbackVerifier> verifiers(InstantSource clock) {
    var verifiers = new ArrayList<CallbackVerifier>();
    if (!webhook.secrets().isEmpty()) {
      var secrets = parse("webhook.secrets", webhook.secrets(), WebhookSecret::parse);
      verifiers.add(
          valid("webhook", () -> WebhookVerifier.of(secrets, clock, webhook.tolerance())));
    }
    if (!alipay.publicKeys().isEmpty()) {
      var keys = parse("alipay.public-keys", alipay.publicKeys(), RsaKeys::parsePublicKey);
      verifiers.add(
          valid(
              "alipay",
              () ->
                  AlipayVerifier.of(new VerificationKeys.Alipay(keys, alipay.signType()), clock)));
    }
    if (!wechatV3.publicKeys().isEmpty() || !wechatV3.apiV3Keys().isEmpty()) {
      var keys = new LinkedHashMap<String, PublicKey>();
      for (var i = 0; i < wechatV3.publicKeys().size(); i++) {
        var key = wechatV3.publicKeys().get(i);
        var name = "wechat-v3.public-keys[" + i + "]";
        var id = key.id();
        if (id == null || id.isBlank()) {
          throw invalid(name + ".id", "must not be blank");
        }
        if (keys.put(id.strip(), parseOne(name + ".pem", key.pem(), RsaKeys::parsePublicKey))
            != null) {
          throw invalid(name + ".id", "appears twice");
        }
      }
      verifiers.add(
          valid(
              "wechat-v3",
              () ->
                  WechatV3Verifier.of(
                      new VerificationKeys.WechatV3(keys, wechatV3.apiV3Keys()),
                      clock,
                      wechatV3.tolerance())));
    }
    if (!wechatV2.apiKeys().isEmpty()) {
      verifiers.add(
          valid(
              "wechat-v2",
              () ->
                  WechatV2Verifier.of(
                      new VerificationKeys.WechatV2(wechatV2.apiKeys(), wechatV2.signType()),
                      clock)));
    }
    return verifiers;
  }

  /**
   * Applies the settings to a receiver builder, one line each.
   *
   * @throws IllegalArgumentException naming the property whose value is out of range
   */
  public NotificationReceiver.Builder configure(
      NotificationReceiver.Builder builder, Channel channel) {
    builder
        .lease(lease)
        .retention(retention)
        .inProgressWait(inProgressWait, pollInterval)
        .maxBodyBytes(maxBodyBytes())
        .closeWait(closeWait)
        .purgeBatchSize(purge.batchSize());
    if (heartbeat != null) {
      builder.heartbeat(heartbeat);
    }
    var senderRetryWindow =
        switch (channel) {
          case WEBHOOK -> webhook.senderRetryWindow();
          case ALIPAY -> alipay.senderRetryWindow();
          case WECHAT_V3 -> wechatV3.senderRetryWindow();
          case WECHAT_V2 -> wechatV2.senderRetryWindow();
        };
    if (senderRetryWindow != null) {
      builder.senderRetryWindow(senderRetryWindow);
    }
    return builder;
  }

  /** {@link #maxBodySize} in bytes, as the receiver takes it. */
  public int maxBodyBytes() {
    var bytes = maxBodySize.toBytes();
    if (bytes < 1 || bytes > Integer.MAX_VALUE) {
      throw invalid(
          "max-body-size", "must be between 1B and " + Integer.MAX_VALUE + "B, got " + maxBodySize);
    }
    return (int) bytes;
  }

  private interface Parser<T> {
    T parse(String text);
  }

  private static <T> List<T> parse(String property, List<String> texts, Parser<T> parser) {
    var parsed = new ArrayList<T>();
    for (var i = 0; i < texts.size(); i++) {
      parsed.add(parseOne(property + "[" + i + "]", texts.get(i), parser));
    }
    return parsed;
  }

  private static <T> T parseOne(String property, @Nullable String text, Parser<T> parser) {
    if (text == null || text.isBlank()) {
      throw invalid(property, "must not be blank");
    }
    try {
      return parser.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw invalid(property, e.getMessage()); // the parsers' messages never hold the key
    }
  }

  private static <T> T valid(String group, Supplier<T> verifier) {
    try {
      return verifier.get();
    } catch (IllegalArgumentException e) {
      throw invalid(group, e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String property, String problem) {
    return new IllegalArgumentException("paynotify.receiver." + property + ": " + problem);
  }
}
