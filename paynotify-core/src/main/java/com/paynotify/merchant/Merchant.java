package com.paynotify.merchant;

import com.paynotify.channel.WebhookCredentials;
import com.paynotify.channel.WebhookSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A merchant that receives callbacks: where they may go and the keys they are signed with.
 *
 * @param callbackHosts hosts its notify URLs may use; empty allows any public host
 * @param previousSecret the secret before the last rotation, still signed with until {@code
 *     previousSecretExpiresAt}
 * @param defaultHeaders HTTP headers added to every callback of the merchant (an {@code
 *     Authorization} its gateway asks for); their values are secrets, stored sealed, never shown
 * @param ackRule what answer to a WEBHOOK callback acknowledges it; {@link AckRule#DEFAULT} until
 *     the merchant names another
 */
public record Merchant(
    String id,
    String name,
    MerchantStatus status,
    List<String> callbackHosts,
    WebhookSecret webhookSecret,
    @Nullable WebhookSecret previousSecret,
    @Nullable Instant previousSecretExpiresAt,
    Instant createdAt,
    Instant updatedAt,
    Map<String, String> defaultHeaders,
    AckRule ackRule) {
  /** How long callbacks carry the old signature after a rotation. */
  public static final Duration DEFAULT_ROTATION_GRACE = Duration.ofHours(24);

  public Merchant {
    callbackHosts = callbackHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    defaultHeaders =
        defaultHeaders.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(defaultHeaders));
  }

  /** A merchant without default headers, acknowledging WEBHOOK callbacks with any 2xx. */
  public Merchant(
      String id,
      String name,
      MerchantStatus status,
      List<String> callbackHosts,
      WebhookSecret webhookSecret,
      @Nullable WebhookSecret previousSecret,
      @Nullable Instant previousSecretExpiresAt,
      Instant createdAt,
      Instant updatedAt) {
    this(
        id,
        name,
        status,
        callbackHosts,
        webhookSecret,
        previousSecret,
        previousSecretExpiresAt,
        createdAt,
        updatedAt,
        Map.of(),
        AckRule.DEFAULT);
  }

  /** A new active merchant with a fresh webhook secret. */
  public static Merchant register(String id, String name, List<String> callbackHosts, Instant now) {
    return new Merchant(
        id,
        name,
        MerchantStatus.ACTIVE,
        callbackHosts,
        WebhookSecret.generate(),
        null,
        null,
        now,
        now);
  }

  /** This merchant with a fresh secret; the current one stays valid for {@code grace}. */
  public Merchant rotateSecret(Instant now, Duration grace) {
    return new Merchant(
        id,
        name,
        status,
        callbackHosts,
        WebhookSecret.generate(),
        webhookSecret,
        now.plus(grace),
        createdAt,
        now,
        defaultHeaders,
        ackRule);
  }

  public Merchant withStatus(MerchantStatus newStatus, Instant now) {
    return new Merchant(
        id,
        name,
        newStatus,
        callbackHosts,
        webhookSecret,
        previousSecret,
        previousSecretExpiresAt,
        createdAt,
        now,
        defaultHeaders,
        ackRule);
  }

  /** This merchant with these default headers, replacing all of the current ones. */
  public Merchant withDefaultHeaders(Map<String, String> headers, Instant now) {
    return new Merchant(
        id,
        name,
        status,
        callbackHosts,
        webhookSecret,
        previousSecret,
        previousSecretExpiresAt,
        createdAt,
        now,
        headers,
        ackRule);
  }

  /** This merchant acknowledging WEBHOOK callbacks by {@code rule}; nothing else changes. */
  public Merchant withAckRule(AckRule rule) {
    return new Merchant(
        id,
        name,
        status,
        callbackHosts,
        webhookSecret,
        previousSecret,
        previousSecretExpiresAt,
        createdAt,
        updatedAt,
        defaultHeaders,
        rule);
  }

  /** The secrets a callback sent at {@code now} is signed with, newest first. */
  public WebhookCredentials webhookCredentials(Instant now) {
    var secrets = new ArrayList<WebhookSecret>();
    secrets.add(webhookSecret);
    if (previousSecret != null
        && previousSecretExpiresAt != null
        && now.isBefore(previousSecretExpiresAt)) {
      secrets.add(previousSecret);
    }
    return new WebhookCredentials(secrets);
  }

  /** Whether a notify URL on this host is allowed for this merchant. */
  public boolean allowsHost(String host) {
    return callbackHosts.isEmpty() || callbackHosts.contains(host.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "Merchant[id="
        + id
        + ", name="
        + name
        + ", status="
        + status
        + ", defaultHeaders="
        + defaultHeaders.keySet()
        + "]";
  }
}
