package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WebhookSignature;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * Verifies a {@link Channel#WEBHOOK} callback: the three Standard Webhooks headers, the timestamp
 * within the tolerance of the clock, a {@code v1} signature by one of the secrets (several during a
 * rotation), then the JSON body {@code {id, type, timestamp, data}} whose {@code id} must equal the
 * signed {@code webhook-id}. Thread-safe.
 */
public final class WebhookVerifier implements CallbackVerifier {
  private final ChannelVerification verification;

  private WebhookVerifier(List<WebhookSecret> secrets, InstantSource clock, Duration tolerance) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("secrets: at least one webhook secret is required");
    }
    this.verification =
        ChannelVerification.timed(new VerificationKeys.Webhook(secrets), clock, tolerance);
  }

  /** A verifier with the specification's 5-minute tolerance. */
  public static WebhookVerifier of(List<WebhookSecret> secrets, InstantSource clock) {
    return new WebhookVerifier(secrets, clock, WebhookSignature.DEFAULT_TOLERANCE);
  }

  /** A verifier with its own replay tolerance. */
  public static WebhookVerifier of(
      List<WebhookSecret> secrets, InstantSource clock, Duration tolerance) {
    return new WebhookVerifier(secrets, clock, tolerance);
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  /** Dedup key: the {@code webhook-id} header, constant across retries. */
  @Override
  public ReceivedNotification verify(ReceivedCallback callback) {
    var event = verification.verify(callback);
    return ReceivedNotification.of(event, DedupKeys.webhook(event.notifyId()));
  }

  @Override
  public String toString() {
    return "WebhookVerifier[" + verification + "]";
  }
}
