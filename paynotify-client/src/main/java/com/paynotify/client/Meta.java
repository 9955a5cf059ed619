package com.paynotify.client;

import java.util.List;

/**
 * The server's vocabulary: payment and notification statuses, channels with their ack rule and
 * default policy, error kinds.
 */
public record Meta(
    List<PaymentStatusEntry> paymentStatuses,
    List<NotificationStatusEntry> notificationStatuses,
    List<ChannelEntry> channels,
    List<String> errorKinds) {

  /** A payment status and whether an event of it is notified. */
  public record PaymentStatusEntry(String name, boolean notified) {}

  /** A notification status and whether an operator may retry a notification in it. */
  public record NotificationStatusEntry(String name, boolean retryable) {}

  /** A channel, the merchant's answer that counts as success, and the policy it uses by default. */
  public record ChannelEntry(String name, String ackRule, String defaultPolicy) {}
}
