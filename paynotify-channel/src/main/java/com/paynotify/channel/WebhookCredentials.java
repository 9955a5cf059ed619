package com.paynotify.channel;

import java.util.List;

/**
 * Standard Webhooks signing secrets ({@code whsec_} + base64), newest first. During a rotation the
 * old secret is still listed, and each callback carries one signature per secret.
 */
public record WebhookCredentials(List<WebhookSecret> secrets) implements ChannelCredentials {

  public WebhookCredentials {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("secrets: at least one webhook secret is required");
    }
    secrets = List.copyOf(secrets);
  }

  public static WebhookCredentials of(WebhookSecret... secrets) {
    return new WebhookCredentials(List.of(secrets));
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public String toString() {
    return "WebhookCredentials[" + secrets.size() + " secret(s)]";
  }
}
